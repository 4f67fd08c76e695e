"""Background work (django-tasks): immediate in development, queued with
TASKS_BACKEND=database for `driehoek db_worker`."""

from __future__ import annotations

from django_tasks import task

from driehoek.signals import services


@task()
def check_data_import(job_id: int) -> None:
    """The dry run of an uploaded export: what would change, and which rows are rejected."""
    services.check_job(job_id=job_id)


@task()
def run_data_import(job_id: int) -> None:
    """The import itself, once an administrator confirmed the dry run; detection follows."""
    services.run_job(job_id=job_id)


@task()
def detect_signals(school_id: int, student_ids: list[int]) -> int:
    """Detection for the students whose data just changed (after an import)."""
    from driehoek.roster.models import School

    school = School.objects.get(pk=school_id)
    return services.run_detection(school=school, students=student_ids).created
