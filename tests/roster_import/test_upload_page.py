"""The upload page: upload → check (dry run) → confirm → import as a task → invite."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from driehoek.accounts.models import Invitation
from driehoek.roster.models import Guardian, Student
from driehoek.roster_import.models import ImportJob, JobStatus
from tests.roster_import.conftest import small_school_files, user_row

MANIFEST = (
    "propertyName,value\nmanifest.version,1.0\noneroster.version,1.1\n"
    "file.users,bulk\nfile.classes,bulk\nfile.enrollments,bulk\n"
)


def zipped(files: dict[str, str]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.csv", MANIFEST)
        for name, text in files.items():
            archive.writestr(name, text)
    return SimpleUploadedFile("export.zip", buffer.getvalue(), content_type="application/zip")


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin_client(personas, client_for):  # type: ignore[no-untyped-def]
    return client_for(personas.admin)


def upload(client, school, files=None, **extra):  # type: ignore[no-untyped-def]
    data = {"roster": zipped(files or small_school_files()), **extra}
    return client.post(reverse("roster_import:upload", args=[school.pk]), data)


def test_the_page_offers_an_upload_form_in_dutch(personas, admin_client):
    response = admin_client.get(reverse("roster_import:upload", args=[personas.school.pk]))
    assert response.status_code == 200
    assert "Het leerlingenbestand importeren" in response.content.decode()


def test_an_upload_is_checked_first_and_nothing_changes_before_confirmation(personas, admin_client):
    before = Student.objects.count()

    response = upload(admin_client, personas.school)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("roster_import:job", args=[job.pk])
    assert job.status == JobStatus.CHECKED
    assert job.check_report["counts"]["students"]["created"] == 2
    assert Student.objects.count() == before
    page = admin_client.get(response.url).content.decode()
    assert "Nu importeren" in page
    assert "Leerlingen" in page


def test_confirming_runs_the_import_and_forgets_the_uploaded_file(personas, admin_client, settings):
    upload(admin_client, personas.school)
    job = ImportJob.objects.get()
    stored = settings.MEDIA_ROOT / "private" / "roster_import" / job.stored_name
    assert stored.exists()

    response = admin_client.post(reverse("roster_import:confirm", args=[job.pk]))

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == JobStatus.DONE
    assert job.report["counts"]["students"]["created"] == 2
    assert Student.objects.filter(school=personas.school, external_id="s-1").exists()
    assert not stored.exists()


def test_confirming_twice_imports_once(personas, admin_client):
    upload(admin_client, personas.school)
    job = ImportJob.objects.get()
    admin_client.post(reverse("roster_import:confirm", args=[job.pk]))

    response = admin_client.post(reverse("roster_import:confirm", args=[job.pk]), follow=True)

    assert "wacht niet op een bevestiging" in response.content.decode()
    assert Student.objects.filter(external_id="s-1").count() == 1


def test_a_file_with_an_error_is_rejected_with_the_row_in_dutch(personas, admin_client):
    extra = user_row("p-3", "parent", "Olaf", "Dekker", email="o@example.org", agents="p-991")

    upload(admin_client, personas.school, small_school_files(extra_users=extra))

    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED
    page = admin_client.get(reverse("roster_import:job", args=[job.pk])).content.decode()
    assert "users.csv, regel 8, agentSourcedIds" in page
    assert "verwijst naar onbekende gebruiker &#x27;p-991&#x27;" in page
    assert not Guardian.objects.filter(external_id="p-3").exists()


def test_skip_invalid_lets_the_valid_rows_in(personas, admin_client):
    extra = user_row("p-3", "parent", "Olaf", "Dekker", email="o@example.org", agents="p-991")

    upload(admin_client, personas.school, small_school_files(extra_users=extra), skip_invalid="on")

    job = ImportJob.objects.get()
    assert job.status == JobStatus.CHECKED
    admin_client.post(reverse("roster_import:confirm", args=[job.pk]))
    assert Student.objects.filter(external_id__in=["s-1", "s-2"]).count() == 2


def test_an_unreadable_file_is_rejected_in_plain_words(personas, admin_client):
    bad = SimpleUploadedFile("export.zip", b"PK\x03\x04 not really a zip")
    admin_client.post(reverse("roster_import:upload", args=[personas.school.pk]), {"roster": bad})

    job = ImportJob.objects.get()
    assert job.status == JobStatus.REJECTED
    page = admin_client.get(reverse("roster_import:job", args=[job.pk])).content.decode()
    assert "Het bestand is niet geïmporteerd" in page


def test_a_file_of_the_wrong_kind_is_refused_by_the_form(personas, admin_client):
    bad = SimpleUploadedFile("rooster.pdf", b"%PDF-1.4")
    response = admin_client.post(
        reverse("roster_import:upload", args=[personas.school.pk]), {"roster": bad}
    )
    assert response.status_code == 400
    assert not ImportJob.objects.exists()


def test_the_status_fragment_is_returned_to_htmx(personas, admin_client):
    upload(admin_client, personas.school)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)

    response = admin_client.get(
        reverse("roster_import:job", args=[job.pk]), headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert body.startswith('<div id="job-status"')
    assert 'hx-trigger="every 2s"' in body
    assert "<progress" in body


def test_imported_parents_and_old_enough_students_are_invited_in_one_action(
    personas, admin_client, django_capture_on_commit_callbacks
):
    upload(admin_client, personas.school)
    admin_client.post(reverse("roster_import:confirm", args=[ImportJob.objects.get().pk]))
    page = admin_client.get(reverse("roster_import:upload", args=[personas.school.pk]))
    assert "2 geïmporteerde ouders" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("roster_import:invite", args=[personas.school.pk]))

    assert response.status_code == 302
    # Eva and Mark (parents) and Noor (13, with an e-mail address); Daan has none.
    invited = set(Invitation.objects.values_list("user__email", flat=True))
    assert {"eva@example.org", "mark@example.org", "n.vandenberg@leerlingen.example"} <= invited
    assert Guardian.objects.get(external_id="p-1").user.email == "eva@example.org"
    assert len(mail.outbox) == 3


def test_a_student_younger_than_the_account_age_is_not_invited(personas, admin_client):
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("2013-03-04", "2020-03-04")
    upload(admin_client, personas.school, files)
    admin_client.post(reverse("roster_import:confirm", args=[ImportJob.objects.get().pk]))

    admin_client.post(reverse("roster_import:invite", args=[personas.school.pk]))

    assert Student.objects.get(external_id="s-1").user is None


# --- The standard trio for the write endpoints ------------------------------------------


@pytest.mark.parametrize("name", ["roster_import:invite", "roster_import:confirm"])
def test_write_endpoints_refuse_get(personas, admin_client, name):
    job = ImportJob.objects.create(school=personas.school, file_name="x.zip")
    arg = personas.school.pk if name.endswith("invite") else job.pk
    assert admin_client.get(reverse(name, args=[arg])).status_code == 405


@pytest.mark.parametrize("name", ["roster_import:invite", "roster_import:confirm"])
def test_write_endpoints_answer_404_to_a_mentor_and_the_other_schools_admin(
    personas, client_for, name
):
    job = ImportJob.objects.create(
        school=personas.school, file_name="x.zip", status=JobStatus.CHECKED
    )
    arg = personas.school.pk if name.endswith("invite") else job.pk
    for user in (personas.mentor, personas.other_admin):
        assert client_for(user).post(reverse(name, args=[arg])).status_code == 404
    job.refresh_from_db()
    assert job.status == JobStatus.CHECKED


@pytest.mark.parametrize("name", ["roster_import:invite", "roster_import:confirm"])
def test_write_endpoints_send_anonymous_visitors_to_the_login(personas, client, name):
    job = ImportJob.objects.create(school=personas.school, file_name="x.zip")
    arg = personas.school.pk if name.endswith("invite") else job.pk
    response = client.post(reverse(name, args=[arg]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_administrators_see_the_import_in_the_navigation(personas, admin_client, client_for):
    url = reverse("roster_import:upload", args=[personas.school.pk])
    assert url in admin_client.get(reverse("front:landing"), follow=True).content.decode()
    mentor_page = client_for(personas.mentor).get(reverse("front:home"), follow=True)
    assert "/import/" not in mentor_page.content.decode()


def test_the_remarks_download_neutralises_formulas_from_the_schools_file(personas, admin_client):
    files = small_school_files()
    files["users.csv"] = files["users.csv"].replace("2013-03-04", "=cmd|' /C calc'!A0")

    upload(admin_client, personas.school, files)

    job = ImportJob.objects.get()
    response = admin_client.get(reverse("roster_import:problems_csv", args=[job.pk]))
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8-sig")
    lines = body.splitlines()
    assert lines[0] == "Bestand;Regel;Kolom;Soort;Opmerking"
    assert any(line.startswith("users.csv;2;") for line in lines)
    # The bad value is quoted inside the reason, and no cell starts with =, +, - or @.
    for line in lines[1:]:
        for cell in next(csv.reader([line], delimiter=";")):
            assert not cell.startswith(("=", "+", "-", "@"))
