from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriangleConfig(AppConfig):
    name = "driehoek.triangle"
    label = "triangle"
    verbose_name = _("Triangle check")
