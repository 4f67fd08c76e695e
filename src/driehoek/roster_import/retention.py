"""An upload and its reports are removed by age (the roster itself is in driehoek.roster)."""

RETENTION = {
    "ImportJob": ("import", "created_at"),
}
