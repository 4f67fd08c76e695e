"""Missing homework: items in a row not done."""

from __future__ import annotations

from driehoek.signals.detection import HomeworkRow, SchoolData, SignalKind, detect_homework_streak
from tests.signals.data.builders import day, homework, saturday_after

TODAY = saturday_after(12)


def streaks(rows, today=TODAY):
    return detect_homework_streak(SchoolData(homework=rows), today=today)


def test_three_not_done_in_a_row_fire():
    rows = homework("1006", "wi", [True, True, False, False, False], first_week=7)

    (signal,) = streaks(rows)

    assert signal.kind is SignalKind.HOMEWORK_STREAK
    assert signal.subject == "wi"
    assert signal.measures["length"] == 3
    assert signal.evidence == tuple(rows[2:])


def test_a_streak_broken_by_one_done_item_does_not_fire():
    rows = homework("1006", "wi", [False, False, True, False, False], first_week=7)
    assert streaks(rows) == []


def test_a_done_item_due_the_same_day_breaks_the_streak():
    rows = homework("1006", "wi", [False, False, False], first_week=9)
    rows.insert(1, HomeworkRow("1006", "wi", rows[1].due, True))
    assert streaks(rows) == []


def test_two_not_done_are_not_a_streak():
    assert streaks(homework("1006", "wi", [True, False, False], first_week=9)) == []


def test_a_streak_across_subjects_fires_overall():
    # wi due Thursdays, ne due Fridays; not done: wi, ne, wi, ne (4 in a row), then done.
    rows = homework("1006", "wi", [False, False, True], first_week=9)
    rows += [
        HomeworkRow("1006", "ne", day(week, 4), done) for week, done in ((9, False), (10, False))
    ]
    assert streaks(rows) == []  # 4 in a row overall: below 5

    rows.append(HomeworkRow("1006", "ne", day(8, 4), False))
    (overall,) = [s for s in streaks(rows) if s.subject is None]
    assert overall.measures["length"] == 5
    assert overall.measures["subjects"] == 2
    assert "2 subjects" in overall.summary


def test_an_old_streak_does_not_fire():
    rows = homework("1006", "wi", [False, False, False] + [True] * 8)
    assert streaks(rows) == []


def test_homework_due_from_today_on_is_not_missed_yet():
    rows = homework("1006", "wi", [False, False, False], first_week=10)
    assert streaks(rows, today=day(12, 3)) == []  # the third is due today
    assert len(streaks(rows, today=day(12, 4))) == 1


def test_the_key_stays_the_same_while_the_streak_grows():
    rows = homework("1006", "wi", [True, False, False, False], first_week=6)
    longer = rows + homework("1006", "wi", [False], first_week=10)

    (first,) = streaks(rows, today=saturday_after(10))
    (second,) = streaks(longer, today=saturday_after(11))

    assert second.measures["length"] == 4
    assert first.key == second.key
