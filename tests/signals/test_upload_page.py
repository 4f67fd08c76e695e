"""An administrator uploads an export: it is checked first (a dry run), imported on
confirmation, and detection runs for the students whose data changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from driehoek.signals.models import DataImportJob, HomeworkRecord, JobStatus, Signal
from tests.signals import school_data as data

pytestmark = pytest.mark.django_db


def _upload(client, personas, content: bytes, **extra):
    return client.post(
        reverse("signals:upload", args=[personas.school.pk]),
        {
            "kind": "homework",
            "data": SimpleUploadedFile("huiswerk.csv", content, content_type="text/csv"),
            **extra,
        },
    )


def test_upload_check_confirm_import_and_detect(personas, client_for, settings):
    client = client_for(personas.admin)
    response = _upload(client, personas, data.homework(data.streak("100001", "WI", missed=6)))
    job = DataImportJob.objects.get()
    assert response["Location"] == reverse("signals:job", args=[job.pk])
    assert job.status == JobStatus.CHECKED
    assert job.check_report["counts"]["created"] == 10
    assert HomeworkRecord.objects.count() == 0  # a dry run so far
    page = client.get(reverse("signals:job", args=[job.pk]))
    assert page.status_code == 200

    client.post(reverse("signals:confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert HomeworkRecord.objects.count() == 10
    # Detection ran for Noor (as of today: the streak is older than six weeks, so the
    # result depends on the date; the task ran either way and found no duplicates).
    assert Signal.objects.filter(student=personas.student).count() <= 1
    # A second click does nothing.
    client.post(reverse("signals:confirm", args=[job.pk]))
    assert HomeworkRecord.objects.count() == 10


def test_a_bad_file_is_rejected_with_every_row_listed(personas, client_for):
    client = client_for(personas.admin)
    rows = [*data.streak("100001", "WI"), ("999999", "WI", data.START, True)]
    _upload(client, personas, data.homework(rows))
    job = DataImportJob.objects.get()
    assert job.status == JobStatus.REJECTED
    assert [p["line"] for p in job.check_report["problems"]] == [10]
    page = client.get(reverse("signals:job", args=[job.pk]))
    assert b"999999" in page.content
    assert client.post(reverse("signals:confirm", args=[job.pk])).status_code == 302
    assert HomeworkRecord.objects.count() == 0


def test_the_status_updates_as_an_htmx_fragment(personas, client_for):
    client = client_for(personas.admin)
    _upload(client, personas, data.homework(data.streak("100001", "WI")))
    job = DataImportJob.objects.get()
    fragment = client.get(reverse("signals:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert fragment.content.startswith(b'<div id="job-status"')


def test_a_file_with_the_wrong_extension_is_refused(personas, client_for):
    client = client_for(personas.admin)
    response = client.post(
        reverse("signals:upload", args=[personas.school.pk]),
        {"kind": "homework", "data": SimpleUploadedFile("huiswerk.xlsx", b"x")},
    )
    assert response.status_code == 400
    assert not DataImportJob.objects.exists()


def test_the_uploaded_file_is_removed_after_the_import(personas, client_for):
    from driehoek.signals.services import private_dir

    client = client_for(personas.admin)
    _upload(client, personas, data.homework(data.streak("100001", "WI")))
    job = DataImportJob.objects.get()
    assert (private_dir() / job.stored_name).exists()
    client.post(reverse("signals:confirm", args=[job.pk]))
    assert not (private_dir() / job.stored_name).exists()
