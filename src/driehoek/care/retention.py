"""Which data kind each care model belongs to (read by driehoek.privacy).

Written by the privacy work so the classification test passes; the care app may change
the kinds or fields. A case is removed a "care" period after it was closed (an open case
never by age), with everything that belongs to it.
"""

RETENTION = {
    "CareCase": ("care", "closed_on"),
    "SafetyRecord": "care",
    "CaseLink": "care",
    "Recipient": "care",
    "ConsentRequest": "care",
    "ConsentAnswer": "care",
    "Share": "care",
    "TeamMember": "care",
    "GuestInvitation": "care",
    "Meeting": "care",
    "SupportPlan": "care",
    "PlanItem": "care",
}
