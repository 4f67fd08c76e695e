"""Which data kind each signals model belongs to (read by driehoek.privacy).

Written by the privacy work so the classification test passes; the signals app may
change the kinds or fields. Imported grades, absences and homework are removed a
"signals" period after their date; a signal after its detection date.
"""

RETENTION = {
    "GradeRecord": ("signals", "date"),
    "AttendanceRecord": ("signals", "date"),
    "HomeworkRecord": ("signals", "due"),
    "Signal": ("signals", "detected_on"),
    "DataImportJob": ("import", "created_at"),
}
