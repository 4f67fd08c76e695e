"""Fuzzing what people upload, where tests/roster_import/test_malformed_csv.py does not
already: EDEXML (XML) files, zip files, and message attachments. Bounded by the number of
examples (hypothesis settings), never by a timed assertion.

The properties: a reader answers records or UnreadableImport with reasons, never another
exception, never reads an external entity or a file outside the upload; the attachment
check accepts only files whose first bytes are a PDF/JPEG/PNG and whose name agrees, and
a download name never carries a path, a quote or a control character.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek.messaging.rules import (
    ALLOWED,
    MAX_ATTACHMENT_BYTES,
    AttachmentRefused,
    check_attachment,
    safe_download_name,
)
from driehoek.roster_import.readers import read_roster
from driehoek.roster_import.records import UnreadableImport

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

MAGIC = [magic for magic, _ext in ALLOWED.values()]
NAMES = st.text(max_size=40) | st.sampled_from(
    ["brief.pdf", "foto.JPG", "scan.png", "x.pdf.html", "../../etc/passwd", 'a"b;.pdf', ""]
)


def read(path: Path, format: str | None = None) -> None:
    """The property every reader keeps."""
    try:
        roster = read_roster(path, format=format)
    except UnreadableImport as exc:
        assert exc.problems and all(str(problem) for problem in exc.problems)
        return
    assert roster is not None


# --- EDEXML ---------------------------------------------------------------------------------

EDEX_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@FUZZ
@given(data=st.binary(max_size=600))
def test_random_bytes_as_an_edexml_file(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("x") / "school.xml"
    path.write_bytes(EDEX_HEAD + data)
    read(path, format="edexml")


@FUZZ
@given(
    tag=st.sampled_from(["EDEX", "school", "leerlingen", "leerling", "groepen", "x"]),
    body=st.text(max_size=200),
)
def test_well_formed_but_wrong_xml_gives_a_report(tmp_path_factory, tag, body):
    from xml.sax.saxutils import escape

    path = tmp_path_factory.mktemp("x") / "school.xml"
    path.write_text(f'<?xml version="1.0"?><{tag}>{escape(body)}</{tag}>', encoding="utf-8")
    read(path, format="edexml")


def test_an_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-VALUE", encoding="utf-8")
    path = tmp_path / "school.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE EDEX [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<EDEX><school><schooljaar>&x;</schooljaar></school></EDEX>",
        encoding="utf-8",
    )
    try:
        roster = read_roster(path, format="edexml")
    except UnreadableImport as exc:
        assert "TOPSECRET" not in " ".join(str(p) for p in exc.problems)
    else:
        assert "TOPSECRET" not in repr(roster)


def test_an_entity_expansion_bomb_is_refused_quickly(tmp_path):
    entities = '<!ENTITY a0 "lol">' + "".join(
        f'<!ENTITY a{i} "{("&a" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    path = tmp_path / "school.xml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE EDEX [{entities}]><EDEX>&a9;</EDEX>', encoding="utf-8"
    )
    with pytest.raises(UnreadableImport):
        read_roster(path, format="edexml")


# --- Zip files ------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=400))
def test_a_damaged_zip_file_gives_a_report(tmp_path_factory, data):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("users.csv", "sourcedId,givenName\n1,Noor\n")
    damaged = buffer.getvalue()[:30] + data + buffer.getvalue()[30 + len(data) :]
    path = tmp_path_factory.mktemp("z") / "roster.zip"
    path.write_bytes(damaged)
    read(path)


@FUZZ
@given(
    names=st.lists(
        st.sampled_from(
            ["users.csv", "../users.csv", "/etc/passwd", "a/../../b.csv", "orgs.csv", "x.xml"]
        ),
        min_size=1,
        max_size=4,
        unique=True,
    ),
    body=st.binary(max_size=100),
)
def test_member_names_never_reach_outside_the_upload(tmp_path_factory, names, body):
    folder = tmp_path_factory.mktemp("z")
    path = folder / "roster.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name in names:
            archive.writestr(name, body)
    before = set(folder.parent.rglob("*"))
    read(path)
    # Reading never unpacks anything onto disk, let alone outside the folder.
    assert set(folder.parent.rglob("*")) == before


# --- Message attachments ---------------------------------------------------------------------


@FUZZ
@given(
    head=st.one_of(st.binary(max_size=64), st.sampled_from(MAGIC).map(lambda m: m + b"\x00" * 8)),
    name=NAMES,
    size=st.integers(min_value=-5, max_value=MAX_ATTACHMENT_BYTES + 5),
)
def test_the_attachment_check_accepts_only_what_the_bytes_and_name_agree_on(head, name, size):
    try:
        content_type = check_attachment(name=name, size=size, head=head)
    except AttachmentRefused as refused:
        assert refused.reason in {"too_large", "empty", "type", "extension_mismatch"}
        return
    magic, extensions = ALLOWED[content_type]
    assert head.startswith(magic)
    assert name.lower().endswith(extensions)
    assert 0 < size <= MAX_ATTACHMENT_BYTES


@FUZZ
@given(name=NAMES)
def test_a_download_name_has_no_path_quote_or_control_character(name):
    cleaned = safe_download_name(name)
    assert cleaned
    assert "/" not in cleaned and "\\" not in cleaned
    assert '"' not in cleaned and ";" not in cleaned
    assert all(ch.isprintable() for ch in cleaned)
    assert len(cleaned) <= 150


@FUZZ
@given(body=st.binary(max_size=200))
def test_html_dressed_as_a_pdf_is_refused(body):
    with pytest.raises(AttachmentRefused):
        check_attachment(name="brief.pdf", size=len(body) + 20, head=b"<html>" + body)
