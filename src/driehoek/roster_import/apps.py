from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RosterImportConfig(AppConfig):
    name = "driehoek.roster_import"
    label = "roster_import"
    verbose_name = _("Roster import")
