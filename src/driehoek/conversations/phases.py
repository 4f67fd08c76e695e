"""What each phase of the start-of-year conversation is for, with a prompt for each side.

The texts are our own; they guide, they do not script. Parents are the experts on their
child, the mentor on the child as a learner; both speak, both listen."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from driehoek.conversations.models import StartPhase


@dataclass(frozen=True)
class PhaseGuide:
    aim: Promise
    home: Promise
    school: Promise


PHASE_GUIDE: dict[StartPhase, PhaseGuide] = {
    StartPhase.INTRODUCTIONS: PhaseGuide(
        aim=_("Meet each other. Who is at the table, and what is this conversation for?"),
        home=_("Tell the mentor who you are and who belongs to your family."),
        school=_("Say who you are, what a mentor does, and that you want to listen first."),
    ),
    StartPhase.CHILD: PhaseGuide(
        aim=_(
            "The parents (and the child) describe the child: who they are, strengths, "
            "difficulties and needs."
        ),
        home=_(
            "You know your child best. What makes your child happy? What is hard? "
            "What helped at the previous school? Is there anything about health we should know?"
        ),
        school=_(
            "Ask, listen and write down. Ask the child too: what would you like "
            "your mentor to know about you?"
        ),
    ),
    StartPhase.EXPECTATIONS: PhaseGuide(
        aim=_("What do home and school expect of each other this year?"),
        home=_("What do you hope for from the school? And what can the school expect from you?"),
        school=_(
            "Explain what the school expects from parents, and what parents can expect from you."
        ),
    ),
    StartPhase.CONTACT: PhaseGuide(
        aim=_("Agree how and when home and school keep in touch."),
        home=_(
            "How do you prefer to be contacted, and when would you like to hear from the mentor?"
        ),
        school=_(
            "Agree on a way of keeping in touch, and on when you will call rather than write."
        ),
    ),
    StartPhase.RECORD: PhaseGuide(
        aim=_("A short written record of what was said and agreed. The parents confirm it."),
        home=_("Read the record. Is this what was said? Then confirm it."),
        school=_("Write a short summary and the agreements. Keep it factual and brief."),
    ),
}
