"""The audit log is kept for its own period (long), then removed by age."""

RETENTION = {
    "AuditEvent": ("audit", "at"),
}
