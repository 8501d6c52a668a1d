from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

M = TypeVar("M", bound=Model)

MAX_PAGE = 100_000
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """Page-number pagination ({items, count}) with bounded inputs.

    The bounds keep an absurd page number from reaching the database as an OFFSET that
    SQLite cannot represent; out-of-range values get 422 like any other invalid parameter.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(page_size=50, max_page_size=MAX_PAGE_SIZE, **kwargs)


def stable_order(queryset: QuerySet[M]) -> QuerySet[M]:
    """Keep the query's own order and break its ties by pk, so pages never skip or repeat rows."""
    ordering: Sequence[Any] = queryset.query.order_by or queryset.model._meta.ordering or ()
    return queryset.order_by(*ordering, "pk")
