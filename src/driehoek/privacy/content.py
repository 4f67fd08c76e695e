# ruff: noqa: E501  (whole sentences, for the translators)
"""The texts of the privacy page: per kind of data, what, why, who sees it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from driehoek.privacy import kinds

WHAT_WHY_WHO = {
    kinds.ACCOUNT: (
        _("Your e-mail address, name, language and log-in settings."),
        _("So you can log in safely, and we can send you a message."),
        _("Only you. The school's administrator sees that you have an account."),
    ),
    kinds.ROSTER: (
        _(
            "The name, class and date of birth of the child, and the names and contact details of the parents. This comes from the school's own student system."
        ),
        _("So the right people at school and at home see the right child."),
        _(
            "The mentor, the teachers of the child and the school's administrator. Parents see who the school informs about their child."
        ),
    ),
    kinds.DEPARTED: (
        _("Everything about a student who has left the school."),
        _(
            "Sometimes questions come after a child leaves. After this period we erase the child, and parents who have no other child at the school."
        ),
        _("Only the school's administrator, who can erase it."),
    ),
    kinds.MESSAGES: (
        _("Messages between parents and school about a child, with attachments."),
        _("So you can talk with the school, and look back at what was said."),
        _(
            "The parents (or one household, if a parent asked for that), the mentor and teachers the mentor adds."
        ),
    ),
    kinds.CONVERSATIONS: (
        _("Planned conversations, what was said, agreements, and parent evening bookings."),
        _("So everybody knows what was agreed and can check it later."),
        _(
            "The parents, the mentor, and the teachers who take part. The student sees conversations they join."
        ),
    ),
    kinds.TRIANGLE: (
        _("Answers to the triangle check, and the triangle that follows from them."),
        _("To see how parents, child and school work together, and how that changes."),
        _("Your own answers: only you. The triangle: the parents, the student and the mentor."),
    ),
    kinds.INVOLVEMENT: (
        _("A parent's answers to the scan about support at home."),
        _("So you can think about what helps your child at home."),
        _("Only the parent who filled it in. The mentor only when you share it."),
    ),
    kinds.PROFILE: (
        _(
            "What parents and the student write about what works for the child, with earlier versions."
        ),
        _("So teachers know what helps your child."),
        _(
            "The parents, the mentor, and the teachers or care coordinator you choose per part. The student, except what a parent marks as only for adults."
        ),
    ),
    kinds.DRAFTS: (
        _("Text you started to write but did not send yet."),
        _("So nothing you typed gets lost."),
        _("Only you."),
    ),
    kinds.IMPORT: (
        _("The files the school uploads from its student system, and the reports about them."),
        _("To keep the list of students and parents up to date."),
        _("Only the school's administrator."),
    ),
    kinds.SIGNALS: (
        _("Signals from grades, absence and homework, for example a sudden rise in absence."),
        _("To start a conversation in time, not to judge."),
        _(
            "The mentor, the care coordinator, teachers for their own subject; parents when the school shares signals."
        ),
    ),
    kinds.CARE: (
        _("A care question about a child, consent to share it, the care team and the plan."),
        _("To get the right help for the child, with the parents' consent."),
        _(
            "The care coordinator, the mentor and the care team. Parents see the case and the plan, except in rare cases where telling them would put the child in danger."
        ),
    ),
    kinds.AUDIT: (
        _("Who at school opened a child's file, when, and in which role."),
        _("So you can check that only the right people look at your child's data."),
        _("The parents of the child and the school's administrator."),
    ),
}


def how_long(days: int | None, key: str) -> str:
    """A period in plain words: years, months or days."""
    if days is None:
        if key == kinds.ACCOUNT:
            return str(_("As long as you have a role at the school."))
        return str(_("As long as the child is at the school."))
    if days % 365 == 0:
        years = days // 365
        return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    if days % 30 == 0:
        months = days // 30
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
