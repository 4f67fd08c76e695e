"""Printed invitation letters: a page per family, in the family's language.

The PDF (fpdf2) embeds DejaVu Sans, which covers Latin (Turkish, Polish), Cyrillic
(Ukrainian) and Arabic letters. Arabic must be *shaped* (letters joined, words ordered
right to left): fpdf2 does that through HarfBuzz (uharfbuzz), switched on per page for a
right-to-left language, with the text aligned to the right. The letters page in the
browser prints every language too.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.utils import formats, translation
from django.utils.translation import gettext as _
from fpdf import FPDF

from driehoek.accounts.services import Letter
from driehoek.roster.models import School

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
# Languages the PDF prints (Arabic shaped by HarfBuzz; see the module text).
PDF_LANGUAGES = ("nl", "en", "tr", "pl", "uk", "ar")


class FontMissing(RuntimeError):
    """DejaVu Sans is not installed (Debian: fonts-dejavu-core)."""


def code_url(site_url: str) -> str:
    return site_url.rstrip("/") + "/accounts/code/"


def letter_texts(letter: Letter, *, school: School, site_url: str) -> dict[str, object]:
    """Every sentence of one letter, in the letter's language; the PDF and the print page
    use the same texts."""
    with translation.override(letter.language):
        bidi = translation.get_language_bidi()

        def isolate(value: str) -> str:
            # In right-to-left text a Latin name keeps its own direction (FSI … PDI).
            return f"\u2068{value}\u2069" if bidi else value

        children = ", ".join(isolate(student.first_name) for student in letter.students)
        return {
            "language": letter.language,
            "bidi": bidi,
            "title": _("Invitation to Driehoek"),
            "greeting": _("Dear %(name)s,") % {"name": isolate(letter.guardian.full_name)},
            "intro": (
                _(
                    "%(school)s uses Driehoek. On Driehoek, you and the school work "
                    "together for %(children)s. You can read messages, plan talks with "
                    "the school and say what you think."
                )
                if children
                else _(
                    "%(school)s uses Driehoek. On Driehoek, you and the school work "
                    "together for your child. You can read messages, plan talks with the "
                    "school and say what you think."
                )
            )
            % {"school": isolate(school.name), "children": children},
            "no_app": _("You do not need an app. The browser on your phone is enough."),
            "how": _("How to start"),
            "step_scan": _("Scan the QR code with the camera of your phone."),
            "step_password": _("Fill in your e-mail address and choose a password."),
            "no_camera": _("No camera? Go to this address:"),
            "type_code": _("Type this code there:"),
            "code_url": code_url(site_url),
            "code": letter.code,
            "link": letter.link,
            "valid_until": _("The QR code and the code work once, until %(date)s.")
            % {"date": formats.date_format(letter.expires_at, "DATE_FORMAT")},
            "questions": _("Questions? Ask the mentor of your child or the school office."),
            "school": school.name,
        }


def qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def qr_svg_data_uri(link: str) -> str:
    return segno.make(link, error="m").svg_data_uri(scale=6, border=4)


def letters_pdf(letters: list[Letter], *, school: School, site_url: str) -> bytes:
    """One A4 page per letter. Raises ValueError for a language the PDF cannot print."""
    if not (REGULAR.exists() and BOLD.exists()):
        raise FontMissing(str(REGULAR))
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("DejaVu", "", str(REGULAR))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.set_creator("Driehoek")
    pdf.set_title(school.name)
    for letter in letters:
        if letter.language not in PDF_LANGUAGES:
            raise ValueError(letter.language)
        t = letter_texts(letter, school=school, site_url=site_url)
        pdf.add_page()
        align = _set_direction(pdf, rtl=bool(t["bidi"]))
        pdf.set_font("DejaVu", "", 10)
        pdf.cell(0, 6, str(t["school"]), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        pdf.set_font("DejaVu", "B", 18)
        pdf.multi_cell(0, 9, str(t["title"]), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("DejaVu", "", 12)
        for key in ("greeting", "intro", "no_app"):
            pdf.multi_cell(0, 6.5, str(t[key]), align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.set_font("DejaVu", "B", 13)
        pdf.multi_cell(0, 7, str(t["how"]), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 12)
        for number, key in enumerate(("step_scan", "step_password"), start=1):
            pdf.multi_cell(
                0, 6.5, f"{number}. {t[key]}", align=align, new_x="LMARGIN", new_y="NEXT"
            )
        pdf.ln(2)
        pdf.image(io.BytesIO(qr_png(letter.link)), x=pdf.l_margin, w=55, h=55)
        pdf.ln(3)
        pdf.multi_cell(0, 6.5, str(t["no_camera"]), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 12)
        # The address and the code are typed character by character: on an Arabic page
        # they must still read left to right, never reordered by the bidi algorithm.
        _set_direction(pdf, rtl=False)
        pdf.multi_cell(0, 6.5, str(t["code_url"]), new_x="LMARGIN", new_y="NEXT")
        _set_direction(pdf, rtl=bool(t["bidi"]))
        pdf.set_font("DejaVu", "", 12)
        pdf.multi_cell(0, 6.5, str(t["type_code"]), align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "B", 20)
        _set_direction(pdf, rtl=False)
        pdf.multi_cell(0, 11, str(t["code"]), new_x="LMARGIN", new_y="NEXT")
        _set_direction(pdf, rtl=bool(t["bidi"]))
        pdf.set_font("DejaVu", "", 11)
        pdf.ln(2)
        for key in ("valid_until", "questions"):
            pdf.multi_cell(0, 6, str(t[key]), align=align, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())


def _set_direction(pdf: FPDF, *, rtl: bool) -> str:
    """Shape right-to-left text with HarfBuzz; returns the alignment for the page."""
    if rtl:
        pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab")
        return "R"
    pdf.set_text_shaping(False)
    return "L"
