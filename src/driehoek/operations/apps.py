from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _create_cache_table(**kwargs: object) -> None:
    # With the database cache configured, `migrate` also creates its table: "migrations
    # applied" (what /readyz checks) then includes the cache. No-op for other backends.
    from django.core.management import call_command

    if kwargs.get("using", "default") == "default":
        call_command("createcachetable", verbosity=0)


class OperationsConfig(AppConfig):
    name = "driehoek.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        post_migrate.connect(_create_cache_table, sender=self)
