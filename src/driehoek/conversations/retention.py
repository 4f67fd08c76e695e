"""Which data kind each conversations model belongs to (read by driehoek.privacy).

A value is a kind, or (kind, date field) for rows removed by age; rows without a date
go with the row they belong to (a phase note with its conversation, a booking with its
evening).
"""

RETENTION = {
    "Conversation": ("conversations", "starts_at"),
    "PhaseNote": "conversations",
    "Preparation": "conversations",
    "Agreement": ("conversations", "created_at"),
    "ParentEvening": ("conversations", "date"),
    "EveningTeacher": "conversations",
    "Slot": "conversations",
    "EveningRequest": "conversations",
    "FamilyWindow": "conversations",
    "NeededMark": "conversations",
    "Booking": "conversations",
    "BookingSlot": "conversations",
    "CalendarFeed": "account",
}
