"""Which data kind each accounts model belongs to (read by driehoek.privacy).

Accounts live as long as their owner has a role at a school; they are removed when a
family is erased. Failed code attempts hold an IP address only and expire with drafts.
"""

RETENTION = {
    "User": "account",
    "Invitation": "account",
    "ApiToken": "account",
}
