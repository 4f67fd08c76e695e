"""One page size for every list in the API."""

from __future__ import annotations

from ninja.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """`?page=N` (from 1) and `?page_size=` (50 by default, at most 200).

    The answer is `{"items": [...], "count": <total>}`.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=200, **kwargs)  # type: ignore[arg-type]
