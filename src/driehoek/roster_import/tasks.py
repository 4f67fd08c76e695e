"""Background work (django-tasks): immediate in development, queued with
TASKS_BACKEND=database for `driehoek db_worker`."""

from __future__ import annotations

from django_tasks import task

from driehoek.roster_import import services


@task()
def check_import(job_id: int) -> None:
    """The dry run of an upload: what would change, and which rows are rejected."""
    services.check_job(job_id=job_id)


@task()
def run_import(job_id: int) -> None:
    """The import itself, once an administrator confirmed the dry run."""
    services.run_job(job_id=job_id)
