"""Letters, one-time codes and the language picker in the authorisation matrix."""

from __future__ import annotations

from typing import Any


def rules(matrix: Any) -> dict[str, Any]:
    Rule, only, OK, REDIRECT = matrix.Rule, matrix.only, matrix.OK, matrix.REDIRECT
    return {
        # Administrators print letters for their own school; anyone else: 404.
        "accounts:invitation_letters": Rule(**only(OK, *matrix.ADMINS)),
        # The code page is public (the code is the credential); without a code entered
        # first, the account page sends the visitor back to it.
        "accounts:code": Rule(anonymous=OK, default=OK),
        "accounts:code_accept": Rule(anonymous=REDIRECT, default=REDIRECT),
        # The language picker: public, no object; it redirects back.
        "front:language": Rule(method="POST", anonymous=REDIRECT, default=REDIRECT),
    }
