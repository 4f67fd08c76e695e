"""Which data kind each triangle model belongs to (read by driehoek.privacy)."""

RETENTION = {
    "Round": ("triangle", "closes_on"),
    "Response": ("triangle", "updated_at"),
    "Answer": "triangle",  # goes with its response
    "Result": ("triangle", "computed_at"),
}
