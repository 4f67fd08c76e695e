"""Attachments: type and size limits by their bytes, stored outside the web root, served
only through the permission-checked view, always as a download."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from driehoek.messaging.models import Attachment
from driehoek.messaging.rules import AttachmentRefused
from tests.messaging.conftest import HTML, JPEG, PDF, PNG, start, upload


def url(attachment) -> str:  # type: ignore[no-untyped-def]
    return reverse("messaging:attachment", kwargs={"attachment_id": attachment.pk})


@pytest.fixture
def pdf_attachment(personas) -> Attachment:  # type: ignore[no-untyped-def]
    start(personas, files=[upload('../brief "huisarts".pdf', PDF)])
    return Attachment.objects.get()


def test_it_is_stored_outside_the_web_root_under_a_random_name(pdf_attachment):
    path = Path(pdf_attachment.file.path)
    assert path.read_bytes() == PDF
    assert Path(settings.VAR_DIR, "private", "messaging") in path.parents
    assert Path(settings.STATIC_ROOT) not in path.parents
    assert "brief" not in path.name


def test_it_is_served_as_a_download_that_the_browser_may_not_sniff(
    personas, client_for, pdf_attachment
):
    response = client_for(personas.other_household_guardian).get(url(pdf_attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="brief huisarts.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_only_people_in_the_thread_may_download_it(personas, client_for, pdf_attachment):
    assert client_for(personas.mentor).get(url(pdf_attachment)).status_code == 200
    for user in (
        personas.teacher,
        personas.student_user,
        personas.admin,
        personas.classmate_guardian,
        personas.outsider,
    ):
        assert client_for(user).get(url(pdf_attachment)).status_code == 404


def test_the_other_households_private_attachment_is_not_found(personas, client_for):
    start(personas, household_only=True, files=[upload("brief.pdf", PDF)])
    attachment = Attachment.objects.get()
    assert client_for(personas.other_household_guardian).get(url(attachment)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, pdf_attachment):
    response = client.get(url(pdf_attachment))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_images_are_accepted(personas):
    start(personas, files=[upload("foto.jpg", JPEG), upload("scan.png", PNG)])
    assert sorted(Attachment.objects.values_list("content_type", flat=True)) == [
        "image/jpeg",
        "image/png",
    ]


def test_the_service_refuses_html_even_when_called_directly(personas):
    with pytest.raises(AttachmentRefused):
        start(personas, files=[upload("pagina.pdf", HTML, "application/pdf")])
    assert not Attachment.objects.exists()


def test_the_form_refuses_too_large_too_many_and_disguised_files(personas, client_for):
    client = client_for(personas.guardian)
    new = reverse("messaging:thread_new", kwargs={"student_id": personas.student.pk})
    base = {"subject": "Brief", "body": "Zie bijlage", "kind": "information"}
    big = upload("groot.pdf", PDF + b"0" * (5 * 1024 * 1024))
    cases = [
        [big],
        [upload("pagina.pdf", HTML)],
        [upload("brief.html", PDF)],
        [upload(f"{n}.pdf", PDF) for n in range(4)],
    ]
    for files in cases:
        response = client.post(new, {**base, "attachments": files})
        assert response.status_code == 400, files
        assert "Zie bijlage" in response.content.decode()
    assert not Attachment.objects.exists()
