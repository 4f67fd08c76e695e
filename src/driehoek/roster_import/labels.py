from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from driehoek.roster_import.records import Kind

KIND_LABELS = {
    Kind.STUDENT: _("Students"),
    Kind.STAFF: _("Staff"),
    Kind.GUARDIAN: _("Parents"),
    Kind.GROUP: _("Classes and groups"),
    Kind.GUARDIAN_LINK: _("Parent–child links"),
    Kind.MEMBERSHIP: _("Group memberships"),
    Kind.ASSIGNMENT: _("Mentors and teachers in groups"),
    Kind.HOUSEHOLD: _("Households"),
}
