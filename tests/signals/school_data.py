"""Small school-data files for the personas' school (tests/personas.py), built in code.

Noor (100001) and Mila (100002) are in 2havo-a; Noor is in the maths lesson group the
subject teacher teaches; Daan (100003) is in 3vwo-b; Lotte (200001) is at the other school.
"""

from __future__ import annotations

import datetime

START = datetime.date(2026, 9, 7)  # a Monday


def weeks(n: int, weekday: int = 3) -> list[datetime.date]:
    return [START + datetime.timedelta(weeks=i, days=weekday) for i in range(n)]


def _day(value: datetime.date | str) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value


def csv(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def homework(rows: list[tuple[str, str, datetime.date, bool]]) -> bytes:
    return csv(
        "leerlingnummer;vak;inleverdatum;gemaakt",
        [f"{s};{v};{_day(d)};{'ja' if done else 'nee'}" for s, v, d, done in rows],
    )


def streak(student: str, subject: str, done: int = 4, missed: int = 4) -> list[tuple]:
    """Homework done `done` weeks, then missed `missed` weeks in a row."""
    return [(student, subject, day, i < done) for i, day in enumerate(weeks(done + missed))]


#: The day after the last homework of a default streak: detection "today".
TODAY = START + datetime.timedelta(weeks=8, days=4)


def attendance(rows: list[tuple[str, datetime.date, int, str, str, str]]) -> bytes:
    return csv(
        "leerlingnummer;datum;lesuur;vak;status;reden",
        [f"{s};{_day(d)};{h};{v};{st};{r}" for s, d, h, v, st, r in rows],
    )


def grades(rows: list[tuple[str, str, datetime.date, str, str]]) -> bytes:
    return csv(
        "leerlingnummer;vak;datum;cijfer;weging",
        [f"{s};{v};{_day(d)};{g};{w}" for s, v, d, g, w in rows],
    )
