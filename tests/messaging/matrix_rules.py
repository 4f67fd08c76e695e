"""The messaging routes in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.messaging import services
from driehoek.messaging.models import Attachment, MessageKind, Thread
from driehoek.roster.models import Student


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only = matrix.Rule, matrix.only
    OWN_ONLY, NOT_FOUND, OK = matrix.OWN_ONLY, matrix.NOT_FOUND, matrix.OK
    GUARDIANS = matrix.GUARDIANS

    def _new_thread(personas: Any, persona: str, case: str, files: tuple = ()) -> Thread:
        """A thread for all households about the persona's own child (the subject teacher
        added to it), or about the foreign child."""
        own, foreign = matrix.OWN_AND_FOREIGN[persona]["student"]
        student: Student = matrix.thing(personas, own if case == "own" else foreign)
        link = student.guardian_links.select_related("guardian__user").first()
        author = link.guardian.user if link else personas.mentor
        thread = services.start_thread(
            student=student,
            author=author,
            subject="Matrix",
            body="Dank u wel!",
            kind=MessageKind.APPRECIATION,
            files=files,
        )
        if persona == "teacher" and case == "own":
            services.add_staff_to_thread(
                thread=thread, user=personas.teacher, added_by=personas.mentor
            )
        return thread

    def _thread(personas: Any, persona: str, case: str) -> dict[str, Any]:
        return {"thread_id": _new_thread(personas, persona, case).pk}

    def _attachment(personas: Any, persona: str, case: str) -> dict[str, Any]:
        pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")
        thread = _new_thread(personas, persona, case, files=(pdf,))
        return {"attachment_id": Attachment.objects.get(message__thread=thread).pk}

    participants = (*GUARDIANS, "mentor", "teacher")
    starters = (*GUARDIANS, "mentor")
    return {
        "messaging:inbox": Rule(),
        # Guardians and the mentor start threads; others see a child's threads only when
        # they take part in one (the subject teacher is added to none here).
        "messaging:student": Rule(kwargs=matrix._student, **only(OWN_ONLY, *starters)),
        # An empty form is refused with 400 (the page again, with what needs fixing).
        "messaging:thread_new": Rule(
            kwargs=matrix._student, method="POST", **only((400, NOT_FOUND), *starters)
        ),
        "messaging:thread": Rule(kwargs=_thread, **only(OWN_ONLY, *participants)),
        "messaging:reply": Rule(
            kwargs=_thread, method="POST", **only((400, NOT_FOUND), *participants)
        ),
        # Only the mentor adds teachers; an empty form returns to the thread with a message.
        "messaging:add_staff": Rule(
            kwargs=_thread, method="POST", **only(matrix.OWN_REDIRECT, "mentor")
        ),
        "messaging:attachment": Rule(kwargs=_attachment, **only(OWN_ONLY, *participants)),
        # The kind suggestion while typing: any logged-in writer, no object.
        "messaging:suggest": Rule(method="POST"),
        # Saving a draft names its thread or child in the body; naming nothing: 400.
        "messaging:draft": Rule(method="POST", default=400),
        # One's own side of the balance, and one's own e-mail settings.
        "messaging:balance": Rule(),
        "messaging:preferences": Rule(),
        # The class overview: the mentor of that class only.
        "messaging:class_balance": Rule(kwargs=matrix._group, **only(OWN_ONLY, "mentor")),
        # Quiet hours: the school's administrators.
        "messaging:school_settings": Rule(kwargs=matrix._school, **only(OWN_ONLY, *matrix.ADMINS)),
        "api:message_thread_list": Rule(anonymous=matrix.UNAUTHORIZED, default=OK),
        "api:message_thread_detail": Rule(
            kwargs=_thread, anonymous=matrix.UNAUTHORIZED, **only(OWN_ONLY, *participants)
        ),
    }
