app_name = "triangle"

urlpatterns: list = []
