"""Signal detection on school data: plain Python and DuckDB, no Django.

records.py    the rows the detectors read (one dataclass per kind of school data), the
              Signal they return with its evidence, and RowError / ReadResult.
readers.py    the documented file layouts (docs/signals.md) parsed into those rows.
data.py       SchoolData: the rows (or columns, for scale) as DuckDB tables.
settings.py   DetectorSettings: every threshold.
detectors.py  one function per rule, each documenting its rule and thresholds.
texts.py      the summary and suggested first step of each kind of signal.

The Django app (driehoek.signals) stores imported rows and signals; the command
`driehoek detect-signals` runs the same detectors straight on files, without a database.
"""

from driehoek.signals.detection.data import STATUS_CODES, SchoolData
from driehoek.signals.detection.detectors import (
    DETECTORS,
    detect_absence_trend,
    detect_all,
    detect_grade_drop,
    detect_homework_streak,
    detect_lateness_trend,
    detect_life_event_follow_up,
    detect_subject_absence_cluster,
    make_key,
)
from driehoek.signals.detection.records import (
    AttendanceRow,
    AttendanceStatus,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
    ReadResult,
    RowError,
    Signal,
    SignalKind,
)
from driehoek.signals.detection.settings import DEFAULT_SETTINGS, DetectorSettings
from driehoek.signals.detection.texts import FIRST_STEPS, SUMMARIES

__all__ = [
    "DEFAULT_SETTINGS",
    "DETECTORS",
    "FIRST_STEPS",
    "STATUS_CODES",
    "SUMMARIES",
    "AttendanceRow",
    "AttendanceStatus",
    "DetectorSettings",
    "GradeRow",
    "HomeworkRow",
    "LifeEventRow",
    "ReadResult",
    "RowError",
    "SchoolData",
    "Signal",
    "SignalKind",
    "detect_absence_trend",
    "detect_all",
    "detect_grade_drop",
    "detect_homework_streak",
    "detect_lateness_trend",
    "detect_life_event_follow_up",
    "detect_subject_absence_cluster",
    "make_key",
]
