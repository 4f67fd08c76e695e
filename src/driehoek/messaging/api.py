"""Messages in the JSON API (read-only): the threads you take part in, and one thread
with its messages. Everything goes through driehoek.accounts.access; a thread you do not
take part in answers 404."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema

from driehoek.accounts import access
from driehoek.api.schemas import ErrorOut
from driehoek.messaging.models import Message, Thread

router = Router(tags=["messages"])


class ThreadOut(Schema):
    id: int
    student_id: int
    subject: str
    household: str | None = Field(description="Set when the thread is for one household only")
    created_at: datetime.datetime
    last_message_at: datetime.datetime


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    author: str
    side: str = Field(description="home or school")
    kind: str = Field(description="appreciation, information, question, concern or request")
    body: str
    sent_at: datetime.datetime
    seen_by: list[str] = Field(description="Staff who read it (for messages from home)")
    attachments: list[AttachmentOut]


class ThreadDetailOut(ThreadOut):
    messages: list[MessageOut]


def _thread(thread: Thread) -> dict[str, object]:
    return {
        "id": thread.pk,
        "student_id": thread.student_id,
        "subject": thread.subject,
        "household": thread.household.name if thread.household else None,
        "created_at": thread.created_at,
        "last_message_at": thread.last_message_at,
    }


def _message(message: Message) -> MessageOut:
    return MessageOut(
        id=message.pk,
        author=message.author_label,
        side=message.side,
        kind=message.kind,
        body=message.body,
        sent_at=message.sent_at,
        seen_by=[read.user_label for read in message.reads.all()],
        attachments=[
            AttachmentOut(id=a.pk, name=a.original_name, content_type=a.content_type, size=a.size)
            for a in message.attachments.all()
        ],
    )


@router.get("/threads", response=list[ThreadOut], url_name="message_thread_list")
def list_threads(request: HttpRequest) -> list[ThreadOut]:
    """The threads you take part in, newest first."""
    threads = access.threads_visible_to(request.user).select_related("household")
    return [ThreadOut(**_thread(t)) for t in threads.order_by("-last_message_at", "-pk")[:200]]


@router.get(
    "/threads/{thread_id}",
    response={200: ThreadDetailOut, 404: ErrorOut},
    url_name="message_thread_detail",
)
def get_thread(request: HttpRequest, thread_id: int) -> ThreadDetailOut:
    """One thread with its messages (download attachments at /messages/attachments/<id>/)."""
    thread = access.get_thread_for_user(request.user, thread_id)
    messages = thread.messages.prefetch_related("reads", "attachments")
    return ThreadDetailOut(**_thread(thread), messages=[_message(m) for m in messages])
