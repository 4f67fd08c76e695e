"""A conversation's record as a PDF for the school file (fpdf2).

DejaVu Sans is embedded when the system has it (Debian: fonts-dejavu-core), so names like
Öztürk and Yılmaz print as they are; otherwise the PDF falls back to a core font and the
text is transliterated to Latin-1 (ı → i, ş → s; what cannot be transliterated becomes ?).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _
from fpdf import FPDF

if TYPE_CHECKING:
    from driehoek.conversations.models import Conversation, Preparation

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"


def latin1(text: str) -> str:
    """Text a core PDF font can print: Latin-1 as is, other letters without accents."""
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
        out.append(
            base or {"ı": "i", "ł": "l", "ø": "o", "–": "-", "—": "-", "’": "'"}.get(char, "?")
        )
    return "".join(out)


class _Writer:
    def __init__(self, unicode_font: bool) -> None:
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.add_page()
        self.unicode = unicode_font
        if unicode_font:
            self.pdf.add_font("DejaVu", "", str(REGULAR))
            self.pdf.add_font("DejaVu", "B", str(BOLD))
            self.family = "DejaVu"
        else:
            self.family = "Helvetica"
        # A right-to-left reader (Arabic) gets shaped text (HarfBuzz), aligned right.
        self.align = "L"
        if unicode_font and get_language_bidi():
            self.pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab")
            self.align = "R"

    def text(self, value: str) -> str:
        return value if self.unicode else latin1(value)

    def heading(self, value: str, size: int = 13) -> None:
        self.pdf.set_font(self.family, "B", size)
        self.pdf.multi_cell(0, 7, self.text(value), align=self.align, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def para(self, value: str, size: int = 10) -> None:
        self.pdf.set_font(self.family, "", size)
        self.pdf.multi_cell(
            0, 5, self.text(value or "–"), align=self.align, new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.ln(2)


def conversation_record_pdf(
    *,
    conversation: Conversation,
    preparations: Sequence[Preparation] = (),
    unicode_font: bool | None = None,
) -> bytes:
    """The record: who, when, where, the phases' notes, the summary, the agreements and
    the preparations the reader may see. `unicode_font=None`: DejaVu when installed."""
    if unicode_font is None:
        unicode_font = REGULAR.exists() and BOLD.exists()
    w = _Writer(unicode_font)
    # Labels first: gettext calls inside f-strings are not extracted by makemessages.
    L_BY_WHEN = _("By when")
    L_CONCERNS_AND_QUESTIONS = _("Concerns and questions")
    L_FOLLOW_UP = _("Follow-up")
    L_KIND = _("Kind")
    L_PARENTS = _("Parents")
    L_PLACE = _("Place")
    L_SCHOOL = _("School")
    L_STATUS = _("Status")
    L_STUDENT = _("Student")
    L_VIDEO_LINK = _("Video link")
    L_WHAT_GOES_WELL = _("What goes well")
    L_WHEN = _("When")
    L_WHO = _("Who")
    L_WISHES = _("Wishes")
    w.pdf.set_title(w.text(_("Conversation record")))
    w.pdf.set_creator("Driehoek")
    student = conversation.student
    w.heading(_("Conversation record"), 16)
    starts = timezone.localtime(conversation.starts_at)
    facts = [
        f"{L_STUDENT}: {student.full_name}" + (f" ({student.group.name})" if student.group else ""),
        f"{L_KIND}: {conversation.get_kind_display()}",
        f"{L_WHEN}: {starts:%d-%m-%Y %H:%M} ({conversation.duration_minutes} min)",
        f"{L_STATUS}: {conversation.get_status_display()}",
    ]
    if conversation.place:
        facts.append(f"{L_PLACE}: {conversation.place}")
    if conversation.video_link:
        facts.append(f"{L_VIDEO_LINK}: {conversation.video_link}")
    staff = ", ".join(m.full_name for m in conversation.staff.all())
    guardians = ", ".join(g.full_name for g in conversation.guardians.all())
    facts.append(f"{L_SCHOOL}: {staff or '–'}")
    facts.append(f"{L_PARENTS}: {guardians or '–'}")
    w.para("\n".join(facts))
    notes = list(conversation.phase_notes.all())
    if notes:
        w.heading(_("Notes per phase"))
        for note in notes:
            w.pdf.set_font(w.family, "B", 10)
            w.pdf.multi_cell(
                0, 5, w.text(note.get_phase_display()), align=w.align, new_x="LMARGIN", new_y="NEXT"
            )
            w.para(note.text)
    w.heading(_("Summary"))
    w.para(conversation.summary)
    if conversation.record_confirmed_at:
        confirmed = timezone.localtime(conversation.record_confirmed_at)
        by = (
            conversation.record_confirmed_by.get_full_name()
            if conversation.record_confirmed_by
            else ""
        )
        w.para(
            _("Confirmed by %(name)s on %(date)s") % {"name": by, "date": f"{confirmed:%d-%m-%Y}"}
        )
    else:
        w.para(_("Not yet confirmed by the parents."))
    agreements = list(conversation.agreements.all())
    w.heading(_("Agreements"))
    if not agreements:
        w.para(_("No agreements."))
    for agreement in agreements:
        due = f"{agreement.due_on:%d-%m-%Y}" if agreement.due_on else "–"
        w.para(
            f"• {agreement.what}\n  {L_WHO}: {agreement.owner_label} · {L_BY_WHEN}: {due}"
            + (f"\n  {L_FOLLOW_UP}: {agreement.follow_up}" if agreement.follow_up else "")
            + f"\n  {L_STATUS}: {agreement.get_status_display()}"
        )
    shared = [p for p in preparations if p.shared]
    if shared:
        w.heading(_("Shared preparation"))
        for prep in shared:
            w.pdf.set_font(w.family, "B", 10)
            w.pdf.multi_cell(
                0,
                5,
                w.text(prep.get_side_display().capitalize()),
                align=w.align,
                new_x="LMARGIN",
                new_y="NEXT",
            )
            w.para(
                f"{L_WHAT_GOES_WELL}: {prep.appreciation or '–'}\n"
                f"{L_CONCERNS_AND_QUESTIONS}: {prep.concerns or '–'}\n"
                f"{L_WISHES}: {prep.wishes or '–'}"
            )
    return bytes(w.pdf.output())
