"""Which data kind each messaging model belongs to (read by driehoek.privacy).

A thread goes when its last message is older than the messages period, with its
messages, attachments and read marks.
"""

RETENTION = {
    "MessagingPreference": "account",
    "Thread": ("messages", "last_message_at"),
    "ThreadStaff": "messages",
    "Message": "messages",
    "MessageRead": "messages",
    "Attachment": "messages",
    "PendingNotification": ("messages", "due_at"),
    "Draft": ("drafts", "updated_at"),
}
