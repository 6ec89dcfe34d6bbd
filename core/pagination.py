"""Page numbers for the short lists of beheer screens (worklists use keyset pagination)."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

PAGE_SIZE = 50


def page_of(queryset: QuerySet, number: str | None, *, size: int = PAGE_SIZE) -> Page:
    """The requested page; an invalid or out-of-range number gives the nearest valid page."""
    return Paginator(queryset, size).get_page(number)
