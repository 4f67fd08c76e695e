app_name = "roster_import"

urlpatterns: list = []
