"""The signals routes in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

import datetime
from typing import Any

from driehoek.signals.models import DataImportJob, DataKind, JobStatus, Signal


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, OWN_REDIRECT = matrix.OWN_ONLY, matrix.OWN_REDIRECT
    ADMINS = matrix.ADMINS

    def _signal(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """A maths signal about the persona's own student, or the foreign one. The subject
        teacher teaches maths to Noor (own), not to Mila (foreign)."""
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        student = matrix.thing(personas, own if case == "own" else foreign)
        signal = Signal.objects.create(
            school_id=student.school_id,
            student=student,
            kind="subject_absence_cluster",
            subject="WI",
            key=f"matrix-{persona}-{case}-{student.pk}",
            detected_on=datetime.date(2026, 11, 20),
            measures={"subject_absences": 4, "subject_lessons": 12},
            evidence=[
                {
                    "type": "attendance",
                    "date": "2026-11-16",
                    "hour": 2,
                    "subject": "WI",
                    "status": "absent_authorised",
                    "reason": "ARTS",
                }
            ],
        )
        return {"signal_id": signal.pk}

    def _chart(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {**matrix._school(personas, persona, case), "name": "weeks"}

    def _job(personas: Any, persona: str, case: str) -> dict[str, Any]:
        own, foreign = matrix.schools(personas, persona)
        job = DataImportJob.objects.create(
            school=own if case == "own" else foreign,
            kind=DataKind.ATTENDANCE,
            file_name="aanwezigheid.csv",
            status=JobStatus.DONE,
            report={"outcome": "applied", "counts": {}, "problems": []},
        )
        return {"job_id": job.pk}

    return {
        # Anyone logged in has a signals list (empty without signals they may see).
        "signals:inbox": Rule(),
        # A signal: the child's mentor, and the subject teacher of its subject. Guardians
        # only where the school shares signals (off here); never the student or the admin.
        "signals:detail": Rule(kwargs=_signal, **only(OWN_ONLY, "mentor", "teacher")),
        "signals:student": Rule(kwargs=matrix._student, **only(OWN_ONLY, "mentor", "teacher")),
        # Decisions are the mentor's; an empty form returns to the signal with a message.
        "signals:dismiss": Rule(kwargs=_signal, method="POST", **only(OWN_REDIRECT, "mentor")),
        "signals:snooze": Rule(kwargs=_signal, method="POST", **only(OWN_REDIRECT, "mentor")),
        "signals:conversation": Rule(kwargs=_signal, **only(OWN_ONLY, "mentor")),
        # The class overview: the class's mentor.
        "signals:class_overview": Rule(kwargs=matrix._group, **only(OWN_ONLY, "mentor")),
        # School overview, plots, CSV, settings and the data import: the school's admins.
        "signals:school": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        "signals:school_csv": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        "signals:chart": Rule(kwargs=_chart, **only(OWN_ONLY, *ADMINS)),
        "signals:school_settings": Rule(
            kwargs=matrix._school, method="POST", **only(OWN_REDIRECT, *ADMINS)
        ),
        "signals:upload": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        "signals:job": Rule(kwargs=_job, **only(OWN_ONLY, *ADMINS)),
        # A job that is not waiting: a message and back to the job.
        "signals:confirm": Rule(kwargs=_job, method="POST", **only(OWN_REDIRECT, *ADMINS)),
    }
