"""Framework-free helpers: plain Python, no Django imports."""
