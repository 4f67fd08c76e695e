"""Which data kind each involvement model belongs to (read by driehoek.privacy)."""

RETENTION = {
    "Scan": ("involvement", "date"),
}
