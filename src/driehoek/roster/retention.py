"""Which data kind each roster model belongs to (read by driehoek.privacy).

A value is a kind, or (kind, date field) for rows removed by age. Roster rows live as
long as the student is at school; a departed student is erased with their family after
the "departed" period (`driehoek enforce-retention`).
"""

RETENTION = {
    "Student": "roster",
    "GroupMembership": "roster",
    "Guardian": "roster",
    "Household": "roster",
    "StudentGuardian": "roster",
    "StaffMember": "roster",
    "StaffRole": "roster",
    "MentorAssignment": "roster",
    "TeachingAssignment": "roster",
}
