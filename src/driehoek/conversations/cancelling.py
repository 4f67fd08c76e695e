"""Until when a family may cancel its own parent-evening booking (plain Python).

A family cancels up to a day before the conversation, so the teacher's slot can still be
offered to another family; after that, the school (the administrator) cancels.
"""

from __future__ import annotations

import datetime

#: How long before its conversation a family can still cancel a booking itself.
FAMILY_CANCEL_CUTOFF = datetime.timedelta(hours=24)


def family_cancel_deadline(starts_at: datetime.datetime) -> datetime.datetime:
    """The last moment the family may cancel a conversation that starts at `starts_at`."""
    return starts_at - FAMILY_CANCEL_CUTOFF


def family_may_cancel(*, starts_at: datetime.datetime, now: datetime.datetime) -> bool:
    """True until (and at) the cut-off, false after it."""
    return now <= family_cancel_deadline(starts_at)
