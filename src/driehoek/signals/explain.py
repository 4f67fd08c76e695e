"""What a signal means, in words: a title, what the data shows, a suggested first step,
and the evidence rows as a readable table. Always a reason for a conversation, never a
verdict. Our own words; Dutch in the app's catalogue."""

from __future__ import annotations

import contextlib
import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.formats import date_format, get_format, number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from driehoek.signals.models import Signal, SignalKind


@dataclass(frozen=True)
class Wording:
    title: Promise
    why: Promise  # what the rule looks at
    mentor_step: Promise  # a suggested first step for the mentor
    guardian_step: Promise  # the same, for a parent who sees it


WORDINGS: dict[str, Wording] = {
    SignalKind.GRADE_DROP: Wording(
        title=gettext_lazy("Grades lower than before"),
        why=gettext_lazy(
            "The recent weighted average is clearly below this student's own earlier average."
        ),
        mentor_step=gettext_lazy(
            "Ask the student first how the subject is going and what they notice themselves. "
            "Then ask the parents whether anything changed at home or in the week rhythm; "
            "listen before you explain the grades."
        ),
        guardian_step=gettext_lazy(
            "Ask your child how the subject is going, with interest rather than worry. If "
            "you want, contact the mentor to compare what you both see."
        ),
    ),
    SignalKind.LIFE_EVENT_FOLLOW_UP: Wording(
        title=gettext_lazy("A change after an event at home"),
        why=gettext_lazy(
            "In the weeks after a change at home that the parents shared, grades or "
            "attendance changed."
        ),
        mentor_step=gettext_lazy(
            "Thank the parents for telling the school about the change. Ask how the student "
            "is doing at home and what would help at school; agree on a short check-in."
        ),
        guardian_step=gettext_lazy(
            "Changes at home often show at school a few weeks later. The mentor can help "
            "think along about what makes school easier now."
        ),
    ),
    SignalKind.SUBJECT_ABSENCE_CLUSTER: Wording(
        title=gettext_lazy("Absence clustered in one subject"),
        why=gettext_lazy(
            "This student misses one subject far more often than their own timetable would "
            "make likely, not just more lessons in general."
        ),
        mentor_step=gettext_lazy(
            "Ask neutrally whether appointments could be planned outside this subject's "
            "lessons, and what the student thinks of the subject. A child stays loyal to its "
            "parents: do not make the student choose between home and school."
        ),
        guardian_step=gettext_lazy(
            "Most absences fall in one subject. Talk with your child about how that subject "
            "feels, and plan appointments outside its lessons when you can."
        ),
    ),
    SignalKind.ABSENCE_TREND: Wording(
        title=gettext_lazy("Absence rising"),
        why=gettext_lazy("Recent weeks show clearly more missed lessons than the weeks before."),
        mentor_step=gettext_lazy(
            "Call or write the parents with genuine interest: how is the student doing, is "
            "something going on? Mention what goes well too."
        ),
        guardian_step=gettext_lazy(
            "Your child missed more lessons lately. Ask how things are going; the mentor "
            "is glad to think along."
        ),
    ),
    SignalKind.LATENESS_TREND: Wording(
        title=gettext_lazy("Late more often"),
        why=gettext_lazy("Recent weeks show clearly more late arrivals than the weeks before."),
        mentor_step=gettext_lazy(
            "Ask the student what makes mornings hard (travel, sleep, a new routine). Look "
            "for a small practical agreement together with the parents."
        ),
        guardian_step=gettext_lazy(
            "Your child arrived late more often lately. A look at the morning routine "
            "together often helps."
        ),
    ),
    SignalKind.HOMEWORK_STREAK: Wording(
        title=gettext_lazy("Homework missing several times in a row"),
        why=gettext_lazy("The latest homework in this subject was not done several times running."),
        mentor_step=gettext_lazy(
            "Ask the student what gets in the way: planning, understanding, or something "
            "else. Agree with the parents on how they can be the interested coach on the "
            "sideline, without taking the work over."
        ),
        guardian_step=gettext_lazy(
            "Ask with interest how homework planning goes. Help plan, but let your child "
            "do the work."
        ),
    ),
}

FALLBACK = Wording(
    title=gettext_lazy("A pattern in the school data"),
    why=gettext_lazy("The school data shows a pattern worth a conversation."),
    mentor_step=gettext_lazy("Ask the student and the parents how things are going."),
    guardian_step=gettext_lazy("Ask your child how things are going."),
)


def wording(signal: Signal) -> Wording:
    return WORDINGS.get(signal.kind, FALLBACK)


DECIMAL = re.compile(r"(\d)\.(\d)")


def summary_text(signal: Signal) -> str:
    """What the data shows, as one sentence from the measures, in the reader's language
    (the detectors' English templates are msgids in this app's catalogue)."""
    from driehoek.signals.detection.texts import CHANGES, SUMMARIES

    variants = SUMMARIES.get(signal.kind)  # type: ignore[call-overload]
    if not variants:
        return str(wording(signal).why)
    measures = dict(signal.measures or {})
    for name in ("event_date", "first_due", "last_due", "since"):
        if isinstance(measures.get(name), str):
            measures[name] = _day(measures[name], "j F")
    if signal.kind == SignalKind.LIFE_EVENT_FOLLOW_UP:
        changed = [c for c in str(measures.get("changed", "")).split(",") if c in CHANGES]
        with contextlib.suppress(KeyError, TypeError, ValueError):
            measures["changes"] = ", ".join(_(CHANGES[c]) % measures for c in changed)
    variant = "subject" if "subject" in measures and "subject" in variants else "overall"
    try:
        text = _(variants[variant]) % measures
    except (KeyError, TypeError, ValueError):
        return str(wording(signal).why)
    # The templates format numbers the English way (6.7); show the reader's own (6,7).
    separator = str(get_format("DECIMAL_SEPARATOR"))
    return DECIMAL.sub(rf"\1{separator}\2", text) if separator != "." else text


#: The measures shown under a signal, per kind, with their labels (the detectors report
#: more; these are the ones a mentor can read at a glance). "%" marks a percentage.
MEASURES: dict[str, tuple[tuple[str, Promise], ...]] = {
    SignalKind.GRADE_DROP: (
        ("before", gettext_lazy("average before")),
        ("after", gettext_lazy("recent average")),
        ("drop", gettext_lazy("drop")),
        ("grades_after", gettext_lazy("recent grades")),
    ),
    SignalKind.LIFE_EVENT_FOLLOW_UP: (
        ("grade_before", gettext_lazy("average before the change")),
        ("grade_after", gettext_lazy("average after the change")),
        ("absence_before_pct", gettext_lazy("% absent before")),
        ("absence_after_pct", gettext_lazy("% absent after")),
        ("late_before_pct", gettext_lazy("% late before")),
        ("late_after_pct", gettext_lazy("% late after")),
        ("weeks", gettext_lazy("weeks looked at")),
    ),
    SignalKind.SUBJECT_ABSENCE_CLUSTER: (
        ("absences", gettext_lazy("absences in this subject")),
        ("all_absences", gettext_lazy("absences in all")),
        ("lessons", gettext_lazy("lessons of this subject")),
        ("all_lessons", gettext_lazy("lessons in all")),
        ("expected", gettext_lazy("expected from the timetable")),
        ("p_value", gettext_lazy("chance of this by accident")),
    ),
    SignalKind.ABSENCE_TREND: (
        ("rate_earlier_pct", gettext_lazy("% absent earlier")),
        ("rate_recent_pct", gettext_lazy("% absent recently")),
        ("events_recent", gettext_lazy("recent absences")),
        ("recent_weeks", gettext_lazy("recent weeks")),
    ),
    SignalKind.LATENESS_TREND: (
        ("rate_earlier_pct", gettext_lazy("% late earlier")),
        ("rate_recent_pct", gettext_lazy("% late recently")),
        ("events_recent", gettext_lazy("recent late arrivals")),
        ("recent_weeks", gettext_lazy("recent weeks")),
    ),
    SignalKind.HOMEWORK_STREAK: (("length", gettext_lazy("times in a row")),),
}


def measures_table(signal: Signal) -> list[tuple[str, str]]:
    found = signal.measures or {}
    rows = []
    for name, label in MEASURES.get(signal.kind, ()):
        value = found.get(name)
        if value is None or value == "":
            continue
        if name == "p_value" and isinstance(value, float) and value < 0.001:
            shown = "< " + number_format(0.001, decimal_pos=3)
        elif isinstance(value, float):
            digits = 3 if name == "p_value" else 1
            shown = number_format(value, decimal_pos=digits)
        else:
            shown = str(value)
        rows.append((str(label), shown))
    return rows


STATUS_LABELS = {
    "present": gettext_lazy("present"),
    "absent_authorised": gettext_lazy("absent, authorised"),
    "absent_unauthorised": gettext_lazy("absent, unauthorised"),
    "late": gettext_lazy("late"),
}


def _day(iso: str, format: str = "D j M") -> str:
    try:
        return date_format(datetime.date.fromisoformat(iso), format)
    except (TypeError, ValueError):
        return str(iso)


@dataclass(frozen=True)
class EvidenceTable:
    caption: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]

    @property
    def labelled_rows(self) -> list[list[tuple[str, str]]]:
        """Each cell with its column header (narrow screens show rows as labelled lines)."""
        return [list(zip(self.headers, row, strict=True)) for row in self.rows]


def evidence_tables(signal: Signal) -> list[EvidenceTable]:
    """The rows behind the signal, grouped by kind of data, each as a small table."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in signal.evidence or []:
        groups.setdefault(row.get("type", "other"), []).append(row)
    tables = []
    if rows := groups.get("life_event"):
        tables.append(
            EvidenceTable(
                _("Change at home"),
                (_("Date"), _("What changed")),
                [(_day(r["date"]), _life_event_label(r.get("kind", ""))) for r in rows],
            )
        )
    if rows := groups.get("grade"):
        tables.append(
            EvidenceTable(
                _("Grades"),
                (_("Date"), _subject(), _("Grade"), _("Weight")),
                [
                    (
                        _day(r["date"]),
                        r.get("subject", ""),
                        number_format(r.get("grade", 0), decimal_pos=1),
                        number_format(r.get("weight", 1), decimal_pos=1),
                    )
                    for r in sorted(rows, key=lambda r: r["date"])
                ],
            )
        )
    if rows := groups.get("attendance"):
        tables.append(
            EvidenceTable(
                _("Lessons"),
                (
                    _("Date"),
                    _("Hour"),
                    _subject(),
                    _("Status"),
                    _("Reason"),
                ),
                [
                    (
                        _day(r["date"]),
                        str(r.get("hour", "")),
                        r.get("subject", ""),
                        str(STATUS_LABELS.get(r.get("status", ""), r.get("status", ""))),
                        r.get("reason", ""),
                    )
                    for r in sorted(rows, key=lambda r: (r["date"], r.get("hour", 0)))
                ],
            )
        )
    if rows := groups.get("homework"):
        tables.append(
            EvidenceTable(
                _("Homework"),
                (_("Due"), _subject(), _("Done")),
                [
                    (_day(r["date"]), r.get("subject", ""), _("yes") if r.get("done") else _("no"))
                    for r in sorted(rows, key=lambda r: r["date"])
                ],
            )
        )
    return tables


def _subject() -> str:
    return pgettext("school subject", "Subject")


def _life_event_label(kind: str) -> str:
    from driehoek.profiles.models import LifeEvent

    try:
        return str(LifeEvent(kind).label)
    except ValueError:
        return kind
