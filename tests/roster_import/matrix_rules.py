"""The roster import routes in the authorisation matrix (tests/test_authorisation_matrix.py):
only the administrators of a school, and only for their own school's uploads."""

from __future__ import annotations

from typing import Any

from driehoek.roster_import.models import ImportJob, JobStatus


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, OWN_REDIRECT, ADMINS = matrix.OWN_ONLY, matrix.OWN_REDIRECT, matrix.ADMINS

    def _job(personas: Any, persona: str, case: str) -> dict[str, Any]:
        """An upload at the persona's own school, or at the other school."""
        own, foreign = matrix.schools(personas, persona)
        job = ImportJob.objects.create(
            school=own if case == "own" else foreign,
            file_name="export.zip",
            status=JobStatus.DONE,
            report={"outcome": "applied", "counts": {}, "problems": []},
        )
        return {"job_id": job.pk}

    return {
        "roster_import:upload": Rule(kwargs=matrix._school, **only(OWN_ONLY, *ADMINS)),
        # With nobody to invite, the administrator is sent back to the upload page.
        "roster_import:invite": Rule(
            kwargs=matrix._school, method="POST", **only(OWN_REDIRECT, *ADMINS)
        ),
        "roster_import:job": Rule(kwargs=_job, **only(OWN_ONLY, *ADMINS)),
        "roster_import:problems_csv": Rule(kwargs=_job, **only(OWN_ONLY, *ADMINS)),
        # A job that is not waiting for confirmation: a message, and back to the job.
        "roster_import:confirm": Rule(kwargs=_job, method="POST", **only(OWN_REDIRECT, *ADMINS)),
    }
