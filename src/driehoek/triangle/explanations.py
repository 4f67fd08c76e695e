"""What each shape means, in words, and what to do next: for parents, for the student
and for the mentor. Our own words; Dutch in the app's catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from driehoek.triangle.geometry import Level, Pattern, Shape


@dataclass(frozen=True)
class Explanation:
    name: Promise
    parent: Promise
    parent_steps: tuple[Promise, ...]
    student: Promise
    mentor: Promise
    mentor_steps: tuple[Promise, ...]


SHAPES: dict[str, Explanation] = {
    Shape.BALANCED: Explanation(
        name=_("Balanced"),
        parent=_(
            "Home, school and your child are about equally close to each other. That gives "
            "your child the most room to grow."
        ),
        parent_steps=(
            _("Keep doing what works: tell the mentor what goes well, not only what worries you."),
            _("Look at the level as well: equal relations can still all be weak."),
        ),
        student=_(
            "You, your parents and your school are about equally close. That is a good base."
        ),
        mentor=_(
            "The three relations are about equally strong. Check the level: a balanced "
            "triangle on a low level needs attention too."
        ),
        mentor_steps=(
            _("Say what you see going well, to the parents and to the student."),
            _("Keep the regular contact moments; no extra action needed."),
        ),
    ),
    Shape.HOME_CHILD_VS_SCHOOL: Explanation(
        name=_("Home and child close, school at a distance"),
        parent=_(
            "You and your child are close, but both of you feel far from the school. Your "
            "child may then find it hard to learn from teachers, out of loyalty to you."
        ),
        parent_steps=(
            _("Make an appointment with the mentor and start with something that goes well."),
            _("Talk about the school and the teachers at home with respect, even if you disagree."),
        ),
        student=_(
            "You and your parents are close, but the school feels far away. Try to find one "
            "teacher you can talk to."
        ),
        mentor=_(
            "Parents and child stand together against the school. This is a stable pattern "
            "that rarely changes by itself."
        ),
        mentor_steps=(
            _("Invite the parents yourself, and open with appreciation for what they do."),
            _("Ask the parents what they know works for their child, and use it."),
        ),
    ),
    Shape.HOME_SCHOOL_VS_CHILD: Explanation(
        name=_("Home and school close, child at a distance"),
        parent=_(
            "You and the school agree well, but your child feels left out. Your child may "
            "feel that decisions are made about them, not with them."
        ),
        parent_steps=(
            _("Ask your child what they think, before you talk with the school."),
            _("Take your child along to the next conversation with the mentor."),
        ),
        student=_(
            "Your parents and your school work well together, but you feel a bit outside it. "
            "Say what you think: your voice counts."
        ),
        mentor=_(
            "Parents and school are lined up closely; the student is at a distance. Take care "
            "not to take over the parents' role, and give the student a real say."
        ),
        mentor_steps=(
            _("Talk with the student first, one to one, and ask what they need."),
            _("Hold the next conversation with the student present and let them speak first."),
        ),
    ),
    Shape.CHILD_SCHOOL_HOME_DISTANT: Explanation(
        name=_("Child and school close, home at a distance"),
        parent=_(
            "Your child and the school are close, and you feel further away. Your child may "
            "share things at school that you do not hear at home."
        ),
        parent_steps=(
            _("Ask your child each week about one thing that happened at school."),
            _("Ask the mentor how you can stay informed, for example with a short update."),
        ),
        student=_(
            "You are close to your school, and your parents feel further away. Maybe you can "
            "share one thing from school at home this week."
        ),
        mentor=_(
            "The student confides in school more than at home. Do not keep the parents "
            "outside; help the student to involve them."
        ),
        mentor_steps=(
            _("Agree with the student what you may share with the parents, and share it."),
            _("Invite the parents for a conversation with the student present."),
        ),
    ),
    Shape.STRETCHED_HOME_SCHOOL: Explanation(
        name=_("Child in the middle, home and school apart"),
        parent=_(
            "Your child feels close to you and to the school, but you and the school are far "
            "apart. Children then often feel they must choose between home and school."
        ),
        parent_steps=(
            _(
                "Make an appointment with the mentor about how you work together, without "
                "your child."
            ),
            _("Keep disagreements with the school away from your child."),
        ),
        student=_(
            "You are close to your parents and to your school, but they are far apart. That "
            "is not your job to fix. You may talk about it with someone you trust."
        ),
        mentor=_(
            "The student is close to both, but parents and school are far apart. The student "
            "is pulled between them. Repair the contact between adults first."
        ),
        mentor_steps=(
            _("Contact the parents yourself about the cooperation, not about the student."),
            _("Do not ask the student to carry messages between school and home."),
        ),
    ),
    Shape.STRETCHED_HOME_CHILD: Explanation(
        name=_("School in the middle, home and child apart"),
        parent=_(
            "Your child and you feel far apart, while both of you are close to the school. "
            "The school may be where your child finds support now."
        ),
        parent_steps=(
            _("Plan a quiet moment with your child to talk about something other than school."),
            _("Ask the mentor what they see and whether extra support would help."),
        ),
        student=_(
            "You and your parents feel far apart right now. If you want to talk about it, "
            "your mentor can help."
        ),
        mentor=_(
            "Parents and student are far apart, and both lean on school. Stay in your role: "
            "support, and bring in care if needed, but do not take over the parent's place."
        ),
        mentor_steps=(
            _("Talk with the student about how things are at home, and listen."),
            _("Consider asking the care coordinator for advice."),
        ),
    ),
    Shape.STRETCHED_SCHOOL_CHILD: Explanation(
        name=_("Home in the middle, school and child apart"),
        parent=_(
            "You are close to your child and to the school, but your child and the school "
            "are far apart. You may be the one carrying messages between them."
        ),
        parent_steps=(
            _("Encourage your child to talk to the mentor themselves."),
            _("Ask the mentor to make time for your child."),
        ),
        student=_(
            "Your parents are close to you and to your school, but school feels far away for "
            "you. Try talking to your mentor yourself."
        ),
        mentor=_(
            "Parents have good contact with you and with the student, but the student and "
            "school are far apart. Build your own contact with the student."
        ),
        mentor_steps=(
            _("Plan a short one-to-one with the student, about them, not about grades."),
            _("Ask the parents what helps their child to open up."),
        ),
    ),
    Shape.INSUFFICIENT: Explanation(
        name=_("Not enough answers yet"),
        parent=_("The picture appears once the parents, the student and the mentor have answered."),
        parent_steps=(),
        student=_("The picture appears once you, your parents and your mentor have answered."),
        mentor=_("A voice is missing. The picture needs the parents, the student and the mentor."),
        mentor_steps=(_("Send a reminder, or ask the missing party in person."),),
    ),
}

LEVELS = {
    Level.GOOD: pgettext_lazy("triangle level", "good"),
    Level.MIXED: pgettext_lazy("triangle level", "mixed"),
    Level.POOR: pgettext_lazy("triangle level", "poor"),
}

PATTERNS = {
    Pattern.ALL_POSITIVE: _("All three relations are positive."),
    Pattern.TWO_AGAINST_ONE: _(
        "Two against one: one relation is positive and both others are negative. Such a "
        "pattern is stable, which is why it tends to persist."
    ),
    Pattern.LOYALTY_CONFLICT: _(
        "Possible loyalty conflict: the child is positive about home and about school, while "
        "home and school are negative about each other. A reason for a conversation, not a "
        "verdict."
    ),
    Pattern.STRAINED: _("Under strain: the relations pull in different directions."),
    Pattern.UNDETERMINED: _("At least one relation is neutral, so no pattern can be named."),
}

PAIR_LABELS = {
    "hs": _("home–school"),
    "hc": _("home–child"),
    "sc": _("school–child"),
}


def explanation(shape: str) -> Explanation:
    return SHAPES.get(shape, SHAPES[Shape.INSUFFICIENT])
