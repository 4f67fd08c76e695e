"""Models of Django and third-party packages that hold personal data, by "app.Model".

Driehoek's own apps classify their models in their own `retention.py`; these are the
models no Driehoek app owns.
"""

RETENTION = {
    "otp_totp.TOTPDevice": "account",
    "admin.LogEntry": "account",
}
