"""Writes the sample files in this folder (run once by hand; the files are committed).

Students in the samples (twelve school weeks from Monday 1 September 2025):
  1001  misses gym on Wednesdays (appointments): a subject absence cluster
  1002  one week off sick, every lesson (must NOT give a subject cluster)
  1003  steady: present, grades around 7, homework done (must not fire at all)
  1004  absent more and more from week 9 on: a rising absence trend
  1005  a change at home on 13 October, grades fall after it (life event; grade drop)
  1006  three maths homework items in a row not done, then one done, then three again
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

HERE = Path(__file__).parent
START = dt.date(2025, 9, 1)
WEEKS = 12
SCHEDULE = {
    0: ["ne", "wi", "en", "lo", "lo", "bi"],
    1: ["wi", "ne", "gs", "ak", "fa"],
    2: ["en", "wi", "lo", "bi", "mu", "gs"],
    3: ["ne", "en", "wi", "ak", "ec", "fa"],
    4: ["wi", "gs", "en", "ne", "bi", "ak"],
}


def status(student: str, day: dt.date, hour: int, subject: str, week: int) -> tuple[str, str]:
    if student == "1001" and subject == "lo" and day.weekday() == 2 and week % 2 == 0:
        return "afwezig geoorloofd", "ARTS"
    if student == "1002" and dt.date(2025, 10, 6) <= day <= dt.date(2025, 10, 10):
        return "afwezig geoorloofd", "ZIEK"
    if student == "1004" and week >= 8 and hour <= week - 6:
        return "afwezig ongeoorloofd", ""
    if student == "1004" and week >= 9 and hour == 6:
        return "te laat", ""
    return "aanwezig", ""


def main() -> None:
    with (HERE / "attendance.csv").open("w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Leerlingnummer", "Datum", "Lesuur", "Vak", "Status", "Reden"])
        for student in ("1001", "1002", "1003", "1004", "1005", "1006"):
            for week in range(WEEKS):
                for weekday, subjects in SCHEDULE.items():
                    day = START + dt.timedelta(days=7 * week + weekday)
                    for hour, subject in enumerate(subjects, 1):
                        text, reason = status(student, day, hour, subject, week)
                        writer.writerow(
                            [student, day.strftime("%d-%m-%Y"), hour, subject, text, reason]
                        )
    with (HERE / "grades.csv").open("w", newline="", encoding="cp1252") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["leerlingnummer", "vak", "datum", "cijfer", "weging"])
        for week in range(WEEKS):
            day = START + dt.timedelta(days=7 * week + 1)
            for subject, base in (("wi", 7.0), ("ne", 6.8)):
                writer.writerow(
                    [
                        "1003",
                        subject,
                        day.strftime("%d-%m-%Y"),
                        f"{base + (week % 3) * 0.2:.1f}".replace(".", ","),
                        "1",
                    ]
                )
                after = day >= dt.date(2025, 10, 13)
                grade = base - (1.8 if after else 0.0) + (week % 2) * 0.3
                writer.writerow(
                    [
                        "1005",
                        subject,
                        day.strftime("%d-%m-%Y"),
                        f"{grade:.1f}".replace(".", ","),
                        "2" if week % 4 == 0 else "1",
                    ]
                )
    with (HERE / "homework.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=",")
        writer.writerow(["leerlingnummer", "vak", "inleverdatum", "gemaakt"])
        pattern = [True] * 4 + [False] * 3 + [True] + [False] * 3 + [True] * 2
        for index, done in enumerate(pattern):
            day = START + dt.timedelta(days=7 * (WEEKS - len(pattern) + index) + 3)
            writer.writerow(["1006", "wi", day.isoformat(), "ja" if done else "nee"])
            writer.writerow(["1003", "wi", day.isoformat(), "ja"])
    with (HERE / "life_events.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["leerlingnummer", "datum", "soort"])
        writer.writerow(["1005", "13-10-2025", "scheiding"])
    folder = HERE / "oneroster"
    folder.mkdir(exist_ok=True)
    tables = {
        "users.csv": [
            ["sourcedId", "status", "role", "identifier", "givenName", "familyName"],
            ["u-5", "active", "student", "1005", "Sam", "de Vries"],
        ],
        "courses.csv": [
            ["sourcedId", "status", "title", "courseCode"],
            ["c-wi", "", "Wiskunde", "wi"],
        ],
        "classes.csv": [
            ["sourcedId", "status", "title", "courseSourcedId", "subjects"],
            ["k-wi", "active", "2B wiskunde", "c-wi", ""],
        ],
        "categories.csv": [
            ["sourcedId", "status", "title"],
            ["cat-t", "active", "Toets (weging 3)"],
            ["cat-o", "active", "Overhoring"],
        ],
        "lineItems.csv": [
            [
                "sourcedId",
                "status",
                "title",
                "assignDate",
                "dueDate",
                "classSourcedId",
                "categorySourcedId",
                "resultValueMin",
                "resultValueMax",
            ]
        ],
        "results.csv": [
            [
                "sourcedId",
                "status",
                "lineItemSourcedId",
                "studentSourcedId",
                "scoreStatus",
                "score",
                "scoreDate",
            ]
        ],
    }
    for week in range(WEEKS):
        day = START + dt.timedelta(days=7 * week + 2)
        category = "cat-t" if week % 3 == 0 else "cat-o"
        tables["lineItems.csv"].append(
            [
                f"li-{week}",
                "active",
                f"Toets {week}",
                day.isoformat(),
                day.isoformat(),
                "k-wi",
                category,
                "0",
                "100",
            ]
        )
        score = 75 - (25 if day >= dt.date(2025, 10, 13) else 0) + (week % 2) * 4
        tables["results.csv"].append(
            [
                f"r-{week}",
                "active",
                f"li-{week}",
                "u-5",
                "fully graded",
                str(score),
                day.isoformat(),
            ]
        )
    for name, rows in tables.items():
        with (folder / name).open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows(rows)
    with (HERE / "broken.csv").open("wb") as out:
        out.write(b"\x00\x01\x02 not a csv file")


if __name__ == "__main__":
    main()
