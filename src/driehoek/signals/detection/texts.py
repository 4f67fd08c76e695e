"""The English texts of a signal: a summary built from its measures and a suggested
first step (no Django). Each is a fixed msgid (marked with the no-op `_`), so the Django
side can show it translated: gettext(SUMMARIES[kind][variant]) % signal.measures.

Never a verdict: the texts describe what the data shows and suggest a conversation.
"""

from __future__ import annotations

from driehoek.signals.detection.messages import _
from driehoek.signals.detection.records import SignalKind

# kind → variant → template; the variant is "subject" when the signal is about one
# subject, else "overall". Placeholders are keys of Signal.measures.
SUMMARIES: dict[SignalKind, dict[str, str]] = {
    SignalKind.GRADE_DROP: {
        "subject": _(
            "The weighted average in %(subject)s went from %(before).1f to %(after).1f: the "
            "last %(recent_weeks)s weeks against the %(earlier_weeks)s weeks before."
        ),
        "overall": _(
            "The weighted average of all grades went from %(before).1f to %(after).1f: the "
            "last %(recent_weeks)s weeks against the %(earlier_weeks)s weeks before."
        ),
    },
    SignalKind.LIFE_EVENT_FOLLOW_UP: {
        "overall": _(
            "In the %(weeks)s weeks after a change at home on %(event_date)s, %(changes)s "
            "changed compared with the %(weeks)s weeks before."
        ),
    },
    SignalKind.SUBJECT_ABSENCE_CLUSTER: {
        "subject": _(
            "%(absences)s of the %(all_absences)s absences (whole days away not counted) "
            "were in %(subject)s, which has %(share_pct)s%% of the lessons; about "
            "%(expected).1f would be expected."
        ),
    },
    SignalKind.ABSENCE_TREND: {
        "overall": _(
            "Absence went from %(rate_earlier_pct)s%% of lessons to %(rate_recent_pct)s%% in "
            "the last %(recent_weeks)s weeks."
        ),
    },
    SignalKind.LATENESS_TREND: {
        "overall": _(
            "Arriving late went from %(rate_earlier_pct)s%% of lessons to "
            "%(rate_recent_pct)s%% in the last %(recent_weeks)s weeks."
        ),
    },
    SignalKind.HOMEWORK_STREAK: {
        "subject": _(
            "%(length)s homework items in a row in %(subject)s were not done (due "
            "%(first_due)s to %(last_due)s)."
        ),
        "overall": _(
            "%(length)s homework items in a row, in %(subjects)s subjects, were not done "
            "(due %(first_due)s to %(last_due)s)."
        ),
    },
}

# The parts the life-event summary's %(changes)s is made of, joined with ", ".
CHANGES = {
    "grades": _("the average grade (%(grade_before).1f to %(grade_after).1f)"),
    "absence": _("absence (%(absence_before_pct)s%% to %(absence_after_pct)s%% of lessons)"),
    "lateness": _("arriving late (%(late_before_pct)s%% to %(late_after_pct)s%% of lessons)"),
}

FIRST_STEPS: dict[SignalKind, str] = {
    SignalKind.GRADE_DROP: _(
        "Ask the student in a short talk how it is going and what has changed lately; then "
        "share what you see with the parents and ask what they notice at home."
    ),
    SignalKind.LIFE_EVENT_FOLLOW_UP: _(
        "Check in with the parents on how things are at home and how their child is doing, "
        "and agree how you will keep each other informed in the coming weeks."
    ),
    SignalKind.SUBJECT_ABSENCE_CLUSTER: _(
        "Ask the parents, openly and without judging, how the absences in this subject come "
        "about; a pattern like this can mean the child is caught between home and school."
    ),
    SignalKind.ABSENCE_TREND: _(
        "Talk with the student about how school is going, and call the parents to hear how "
        "they see it."
    ),
    SignalKind.LATENESS_TREND: _(
        "Ask the student what makes being on time hard at the moment; involve the parents if "
        "it goes on."
    ),
    SignalKind.HOMEWORK_STREAK: _(
        "Ask the student what gets in the way of the homework and whether help would work; "
        "let the parents know, so they can encourage from the sideline."
    ),
}


def summary(kind: SignalKind, measures: dict[str, object]) -> str:
    variants = SUMMARIES[kind]
    variant = "subject" if "subject" in measures and "subject" in variants else "overall"
    return variants[variant] % measures
