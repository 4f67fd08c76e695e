"""One-time invitation codes: short, typable, unambiguous. No Django here.

A code is 10 characters from 31 letters and digits that cannot be mistaken for one
another (no 0/O, 1/I/L): 31**10 ≈ 8·10**14 possibilities. It is shown as ``ABCDE-FGHJK``;
typing accepts lower case, spaces and dashes. At rest only an HMAC digest is kept, keyed
with the site's secret, so a leaked table cannot be brute-forced offline.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise(typed: str) -> str:
    """What the person meant: upper case, without spaces and dashes."""
    return "".join(char for char in typed.upper() if char not in " -\u00a0\t")


def display(code: str) -> str:
    half = LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def looks_valid(code: str) -> bool:
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def digest(code: str, *, key: str) -> str:
    return hmac.new(key.encode("utf-8"), code.encode("utf-8"), hashlib.sha256).hexdigest()
