"""SchoolData: the rows the detectors read, held as DuckDB tables (no Django).

Small inputs (a school's files, the database's rows, tests) come in as the row
dataclasses; large ones (a school year of lesson attendance is about 1,100 rows per
student) as columns — numpy arrays — so no Python object is made per row. Either way
the detectors run as SQL over the same four tables, and only the rows that made a signal
fire are turned back into row dataclasses (the evidence).

Tables (every one also has `rid`, the row's position in its input, and `line`):
  grades(student, subject, date, grade, weight)
  attendance(student, date, hour, subject, status, reason)   status: STATUS_CODES
  homework(student, subject, due, done)
  life_events(student, date, kind)
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import numpy as np

from driehoek.signals.detection.records import (
    AttendanceRow,
    AttendanceStatus,
    GradeRow,
    HomeworkRow,
    LifeEventRow,
)

STATUS_CODES: dict[AttendanceStatus, int] = {
    AttendanceStatus.PRESENT: 0,
    AttendanceStatus.ABSENT_AUTHORISED: 1,
    AttendanceStatus.ABSENT_UNAUTHORISED: 2,
    AttendanceStatus.LATE: 3,
}
STATUS_BY_CODE = {code: status for status, code in STATUS_CODES.items()}

_SCHEMA = {
    "grades": (
        ("student", "VARCHAR"), ("subject", "VARCHAR"), ("date", "DATE"),
        ("grade", "DOUBLE"), ("weight", "DOUBLE"),
    ),
    "attendance": (
        ("student", "VARCHAR"), ("date", "DATE"), ("hour", "INTEGER"),
        ("subject", "VARCHAR"), ("status", "TINYINT"), ("reason", "VARCHAR"),
    ),
    "homework": (
        ("student", "VARCHAR"), ("subject", "VARCHAR"), ("due", "DATE"), ("done", "BOOLEAN"),
    ),
    "life_events": (("student", "VARCHAR"), ("date", "DATE"), ("kind", "VARCHAR")),
}  # fmt: skip
_DEFAULTS = {"weight": 1.0, "reason": "", "kind": ""}
_DATE_COLUMNS = {"date", "due"}
_EPOCH = datetime.date(1970, 1, 1)

Columns = Mapping[str, Any]


class SchoolData:
    """The school data one detection run looks at.

    `SchoolData(grades=[GradeRow…], attendance=[AttendanceRow…], …)` from rows, or
    `SchoolData.from_columns(attendance={"student": array, …}, …)` for scale.
    """

    def __init__(
        self,
        grades: Iterable[GradeRow] = (),
        attendance: Iterable[AttendanceRow] = (),
        homework: Iterable[HomeworkRow] = (),
        life_events: Iterable[LifeEventRow] = (),
    ) -> None:
        self.grades: Sequence[GradeRow] | None = list(grades)
        self.attendance: Sequence[AttendanceRow] | None = list(attendance)
        self.homework: Sequence[HomeworkRow] | None = list(homework)
        self.life_events: Sequence[LifeEventRow] | None = list(life_events)
        self._columns: dict[str, Columns] = {}
        self._con: duckdb.DuckDBPyConnection | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_columns(
        cls,
        *,
        grades: Columns | None = None,
        attendance: Columns | None = None,
        homework: Columns | None = None,
        life_events: Columns | None = None,
    ) -> SchoolData:
        """Columns per table, each a numpy array (or list) of equal length:

        - text columns (student, subject, reason, kind): any values (cast to text), or a
          pair (codes, labels): integer codes into a sequence of labels (dictionary
          encoded, the fast way for millions of rows);
        - date/due: numpy datetime64, datetime.date values, or integer days since
          1970-01-01;
        - status: AttendanceStatus values or the integer codes of STATUS_CODES;
        - grade, weight: numbers; done: booleans; line: optional line numbers.
        Optional columns (weight, reason, kind, line) may be left out.
        """
        data = cls()
        data.grades = data.attendance = data.homework = data.life_events = None
        for name, columns in (
            ("grades", grades),
            ("attendance", attendance),
            ("homework", homework),
            ("life_events", life_events),
        ):
            if columns is not None:
                data._columns[name] = columns
            else:
                setattr(data, name, [])
        return data

    # --- the DuckDB side ----------------------------------------------------------------

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._con is None:
                self._con = self._build()
            return self._con

    def _build(self) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        for table, schema in _SCHEMA.items():
            columns = ", ".join(f"{name} {kind}" for name, kind in schema)
            con.execute(f"CREATE TABLE {table} (rid BIGINT, {columns}, line INTEGER)")
            source = self._columns.get(table)
            if source is None:
                source = _rows_to_columns(table, getattr(self, table) or [])
            _load(con, table, schema, source)
        return con

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor on the data's connection (one per detector run, so detectors may run
        from more than one thread)."""
        return self.con.cursor()

    def last_date(self) -> datetime.date | None:
        """The last date anywhere in the data (dates of lessons, grades, homework and
        events)."""
        found = (
            self.cursor()
            .execute(
                "SELECT max(d) FROM (SELECT max(date) AS d FROM grades UNION ALL "
                "SELECT max(date) FROM attendance UNION ALL SELECT max(due) FROM homework "
                "UNION ALL SELECT max(date) FROM life_events)"
            )
            .fetchone()
        )
        return found[0] if found else None

    def default_today(self) -> datetime.date:
        """The day after the last date in the data: detection on a file is reproducible."""
        last = self.last_date()
        return (last or datetime.date.today()) + datetime.timedelta(days=1)

    def rows(self, table: str, rids: Iterable[int]) -> dict[int, Any]:
        """rid → row dataclass, for the evidence of the signals that fired."""
        wanted = sorted(set(rids))
        source = getattr(self, table)
        if source is not None:
            return {rid: source[rid] for rid in wanted}
        if not wanted:
            return {}
        cursor = self.cursor()
        cursor.register("wanted_rids", {"rid": np.asarray(wanted, dtype=np.int64)})
        names = [name for name, _kind in _SCHEMA[table]]
        found = cursor.execute(
            f"SELECT rid, {', '.join(names)}, line FROM {table} "  # noqa: S608
            "WHERE rid IN (SELECT rid FROM wanted_rids)"
        ).fetchall()
        cursor.unregister("wanted_rids")
        return {values[0]: _row(table, values[1:]) for values in found}


def _row(table: str, values: tuple[Any, ...]) -> Any:
    if table == "grades":
        student, subject, when, grade, weight, line = values
        return GradeRow(student, subject, when, grade, weight, line)
    if table == "attendance":
        student, when, hour, subject, status, reason, line = values
        return AttendanceRow(student, when, hour, subject, STATUS_BY_CODE[status], reason, line)
    if table == "homework":
        student, subject, due, done, line = values
        return HomeworkRow(student, subject, due, done, line)
    student, when, kind, line = values
    return LifeEventRow(student, when, kind, line)


def _rows_to_columns(table: str, rows: Sequence[Any]) -> dict[str, Any]:
    names = [name for name, _kind in _SCHEMA[table]]
    columns: dict[str, Any] = {}
    for name in names:
        values = [getattr(row, name) for row in rows]
        if name == "status":
            columns[name] = np.array([STATUS_CODES[v] for v in values], dtype=np.int8)
        elif name in _DATE_COLUMNS:
            columns[name] = np.array([(v - _EPOCH).days for v in values], dtype=np.int32)
        else:
            columns[name] = values
    columns["line"] = [row.line for row in rows]
    return columns


def _load(
    con: duckdb.DuckDBPyConnection,
    table: str,
    schema: tuple[tuple[str, str], ...],
    columns: Columns,
) -> None:
    length = _length(columns[schema[0][0]])
    if length == 0:
        return
    arrays: dict[str, Any] = {}
    selects = []
    parameters: list[Any] = []
    for name, kind in schema:
        value = columns.get(name)
        if value is None:
            selects.append(f"CAST(? AS {kind})")
            parameters.append(_DEFAULTS[name])
            continue
        if isinstance(value, tuple):
            codes, labels = value
            arrays[name] = np.asarray(codes, dtype=np.int64)
            selects.append(f"CAST(list_extract(?::VARCHAR[], {name} + 1) AS {kind})")
            parameters.append([str(label) for label in labels])
            continue
        if name in _DATE_COLUMNS:
            arrays[name] = _days(value)
            selects.append(f"CAST(DATE '1970-01-01' + {name} AS DATE)")
            continue
        if name == "status":
            arrays[name] = _status_codes(value)
        else:
            arrays[name] = _array(value)
        selects.append(f"CAST({name} AS {kind})")
    line = columns.get("line")
    if line is None:
        selects.append("CAST(NULL AS INTEGER)")
    else:
        arrays["line"] = np.array([-1 if v is None else v for v in line], dtype=np.int64)
        selects.append("CAST(nullif(line, -1) AS INTEGER)")
    arrays["rid"] = np.arange(length, dtype=np.int64)
    view = f"_input_{table}"
    con.register(view, arrays)
    con.execute(
        f"INSERT INTO {table} SELECT rid, {', '.join(selects)} FROM {view}",  # noqa: S608
        parameters,
    )
    con.unregister(view)


def _length(value: Any) -> int:
    if isinstance(value, tuple):
        return len(value[0])
    return len(value)


def _array(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    values = list(value)
    if values and isinstance(values[0], str):
        return np.array(values, dtype=object)
    return np.array(values)


def _days(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray):
        if np.issubdtype(value.dtype, np.datetime64):
            return value.astype("datetime64[D]").astype(np.int64).astype(np.int32)
        if np.issubdtype(value.dtype, np.integer):
            return value.astype(np.int32)
    return np.array([(v - _EPOCH).days for v in value], dtype=np.int32)


def _status_codes(value: Any) -> np.ndarray:
    if isinstance(value, np.ndarray) and np.issubdtype(value.dtype, np.integer):
        return value.astype(np.int8)
    return np.array([STATUS_CODES[AttendanceStatus(v)] for v in value], dtype=np.int8)
