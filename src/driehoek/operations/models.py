"""Operations has no tables of its own. This module exists so that Django sends the app's
post_migrate signal (it skips apps without a models module): `migrate` then creates the
database cache table (apps.py)."""
