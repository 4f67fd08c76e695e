"""Every English text the detection package produces, as fixed msgids (no Django).

`_` marks a text for gettext extraction without importing Django (the same no-op idea
as driehoek.roster_import.records._): it returns the template unchanged. The Django side
translates with gettext(template) % params; the command line fills it in English.
"""

from __future__ import annotations

from driehoek.signals.detection.records import RowError


def _(template: str) -> str:
    return template


def row_error(
    line: int, column: str, template: str, /, file: str = "", **params: object
) -> RowError:
    values = {key: str(value) for key, value in params.items()}
    message = template % values if values else template
    return RowError(
        line=line,
        column=column,
        message=message,
        file=file,
        template=template,
        params=tuple(values.items()),
    )


# Whole-file problems (line 0 or 1; the result is fatal).
NO_SUCH_FILE = _("this file or folder does not exist")
UNREADABLE = _("this file cannot be read as CSV: %(reason)s")
MISSING_COLUMN = _("the column %(column)s is missing")
NOT_A_ZIP_OR_FOLDER = _("this is not a OneRoster folder or zip file")
MISSING_FILE = _("the file %(name)s is missing from the OneRoster set")

# Row problems.
EMPTY = _("is empty")
TOO_LONG = _("is longer than %(max)s characters")
NOT_A_DATE = _("is not a date (use dd-mm-jjjj or jjjj-mm-dd)")
NOT_A_GRADE = _("is not a grade from 1 to 10 (use a decimal comma or point, e.g. 7,5)")
NOT_A_WEIGHT = _("is not a weight (a number from 0 to 100, e.g. 2 or 0,5)")
NOT_A_SCORE = _("is not a number")
SCORE_OUT_OF_RANGE = _("is outside the range of its line item")
NOT_AN_HOUR = _("is not a lesson hour (a number from 0 to 20)")
UNKNOWN_STATUS = _(
    "is not a known status (aanwezig, afwezig geoorloofd, afwezig ongeoorloofd, te laat)"
)
UNKNOWN_AUTHORISED = _("is not ja or nee")
UNKNOWN_DONE = _("is not ja or nee (gemaakt / niet gemaakt)")
DUPLICATE_LESSON = _("this lesson is already in the file at line %(line)s")
UNKNOWN_LINE_ITEM = _("refers to a line item that is not in lineItems.csv")
ROW_PROBLEM = _("this row cannot be read: %(reason)s")
