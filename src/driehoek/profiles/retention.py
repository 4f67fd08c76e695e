"""Which data kind each profiles model belongs to (read by driehoek.privacy).

The current text of a section stays while the student is at school; its earlier
versions are removed by age, and so are drafts nobody finished.
"""

RETENTION = {
    "ProfileSection": "profile",
    "ProfileSectionVersion": ("profile", "edited_at"),
    "FollowUpProposal": "profile",
    "SectionDraft": ("drafts", "updated_at"),
}
