"""The readable download as a PDF (fpdf2), with the same chapters as the page.

It reuses the conversations app's writer: DejaVu Sans is embedded when the system has it
(Debian: fonts-dejavu-core), so every name prints as it is; otherwise a core font with
the text transliterated to Latin-1.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.conversations.pdf import BOLD, REGULAR, _Writer
from driehoek.privacy.export import Chapter


def export_pdf(
    *, who: str, chapters: list[Chapter], reads: list, unicode_font: bool | None = None
) -> bytes:  # type: ignore[type-arg]
    if unicode_font is None:
        unicode_font = REGULAR.exists() and BOLD.exists()
    w = _Writer(unicode_font)
    w.heading(_("Everything Driehoek keeps about you"), size=16)
    w.para(
        _("For %(who)s, made on %(when)s.")
        % {"who": who, "when": timezone.localtime().strftime("%d-%m-%Y %H:%M")}
    )
    if reads:
        w.heading(_("Who at school opened the file"))
        for read in reads:
            w.para(
                f"{timezone.localtime(read.at):%d-%m-%Y %H:%M} · {read.actor_label} · "
                f"{read.actor_role_label} · {read.get_action_display()}",
                size=9,
            )
    for chapter in chapters:
        w.heading(chapter.title, size=14)
        for block in chapter.blocks:
            w.heading(f"{block.title} ({block.count})", size=11)
            for item in block.shared:
                w.para(f"{item.label}: {item.value}", size=9)
            if block.table:
                for row in block.table:
                    w.para(" · ".join(row), size=8)
                continue
            for entry in block.entries:
                w.para(entry.title, size=10)
                for item in entry.items:
                    w.para(f"{item.label}: {item.value}", size=9)
    return bytes(w.pdf.output())
