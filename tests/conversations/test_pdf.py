"""The conversation record as a PDF, with DejaVu embedded or with a core font."""

from __future__ import annotations

import re
import zlib

import pytest
from django.urls import reverse

from driehoek.conversations import pdf, services
from driehoek.conversations.models import Conversation
from tests.conversations.conftest import make_conversation


def streams(data: bytes) -> list[bytes]:
    """Every stream of the PDF, inflated where it is compressed."""
    found = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        raw = match.group(1)
        try:
            found.append(zlib.decompress(raw))
        except zlib.error:
            found.append(raw)
    return found


def assert_well_formed(data: bytes) -> None:
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    # The cross-reference table points at each object where it really starts.
    xref_at = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[xref_at:].startswith(b"xref")
    table = data[xref_at:].split(b"trailer")[0].splitlines()[2:]
    for number, line in enumerate(table):
        offset = int(line.split()[0])
        if line.split()[2] == b"n":
            assert re.match(rb"%d 0 obj" % number, data[offset:]), number


@pytest.fixture
def held(personas) -> Conversation:  # type: ignore[no-untyped-def]
    conversation = make_conversation(personas.student)
    services.record_summary(
        conversation=conversation, user=personas.mentor, summary="Ayşe en Yılmaz: goed gesprek."
    )
    services.create_agreement(
        student=personas.student,
        created_by=personas.mentor,
        conversation=conversation,
        what="Wekelijkse check-in per e-mail",
        owner_label="Mentor",
        due_on=None,
        follow_up="Elke vrijdag",
    )
    return conversation


@pytest.mark.skipif(not pdf.REGULAR.exists(), reason="fonts-dejavu-core is not installed")
def test_the_record_embeds_dejavu_so_every_name_prints(held):
    data = pdf.conversation_record_pdf(conversation=held, unicode_font=True)
    assert_well_formed(data)
    assert b"/FontFile2" in data and b"DejaVu" in data
    # The ToUnicode map lets a reader copy "ı" (U+0131) and "ş" (U+015F) back out.
    cmap = b"".join(s for s in streams(data) if b"beginbfchar" in s or b"beginbfrange" in s)
    assert b"<0131>" in cmap.upper() or b"0131" in cmap.upper()
    assert b"015F" in cmap.upper()


def test_without_dejavu_the_record_uses_a_core_font_and_transliterates(held):
    data = pdf.conversation_record_pdf(conversation=held, unicode_font=False)
    assert_well_formed(data)
    assert b"/BaseFont /Helvetica" in data and b"/FontFile2" not in data
    text = b"".join(streams(data))
    assert b"Yilmaz" in text  # ı has no Latin-1 form: transliterated
    assert b"Ay" in text and "Ayşe".encode("latin-1", "ignore") not in text
    assert b"Wekelijkse check-in per e-mail" in text
    assert b"Noor Jansen" in text


def test_latin1_keeps_what_latin1_has_and_transliterates_the_rest():
    assert pdf.latin1("Zoë Öztürk") == "Zoë Öztürk"
    assert pdf.latin1("Yılmaz – Ayşe") == "Yilmaz - Ayse"


def test_the_pdf_download_is_for_those_who_read_the_conversation(personas, client_for, held):
    url = reverse("conversations:pdf", kwargs={"conversation_id": held.pk})
    response = client_for(personas.guardian).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert_well_formed(response.content)
    assert client_for(personas.teacher).get(url).status_code == 404
