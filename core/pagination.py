"""Pagination: keyset pages for every list, and capped counts of how long a list is.

A worklist page is fetched by keyset: "the `size` rows after the last row of the previous page",
in the list's own order, read from an index in that order. Page 1 and page 1000 cost the same
queries and the same work: no OFFSET and no COUNT(*) over the whole list. The position is an
opaque, signed cursor (the ordering values of the last row shown), so it cannot be forged to probe
for rows, and a cursor of another list is refused.

How many rows a list holds is counted up to a cap (`COUNT_CAP`): an honest "meer dan 10.000"
instead of a count that grows with the table.
"""

import datetime
import decimal
import hashlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

PAGE_SIZE = 50
# Counts stop here: a list longer than this shows "meer dan 10.000".
COUNT_CAP = 10_000
# A cursor longer than this is not one we wrote (ours are about a hundred characters).
CURSOR_MAX_LENGTH = 512
_SALT = "core.pagination.keyset"

# (field name, descending), e.g. [("spoed", True), ("ingediend_op", False), ("id", False)].
Order = Sequence[tuple[str, bool]]


# Keyset pages --------------------------------------------------------------------------------


class InvalidCursor(ValueError):
    """A cursor this list did not write: tampered with, truncated, or from another list."""


@dataclass(frozen=True)
class KeysetPage:
    """One page of a keyset-paginated list; iterate it for the rows."""

    items: list
    next_cursor: str | None
    after: str | None = None

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def is_first(self) -> bool:
        return self.after is None

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or not self.is_first

    @property
    def label(self) -> str:
        """Which page this is, for the audit row: no row values, only a short cursor digest."""
        if self.after is None:
            return "eerste pagina"
        return f"pagina na {cursor_digest(self.after)}"


def ordering(order: Order) -> list[str]:
    """`order` as arguments for `QuerySet.order_by`."""
    return [f"-{name}" if descending else name for name, descending in order]


def requested_page(
    request,
    queryset: QuerySet,
    *,
    order: Order,
    after: str | None,
    size: int = PAGE_SIZE,
    scope: str = "",
) -> tuple[KeysetPage, str]:
    """The keyset page a list view was asked for (`after`, its `?na=` cursor) and the page's
    label for the view's audit detail. A cursor this list did not write (edited, cut off, from
    another list) shows the first page with a message and says so in the label: never an
    error page."""
    try:
        page = keyset_page(queryset, order=order, after=after, size=size, scope=scope)
    except InvalidCursor:
        messages.warning(
            request, _("De paginaverwijzing is ongeldig of verouderd. U ziet de eerste pagina.")
        )
        page = keyset_page(queryset, order=order, size=size, scope=scope)
        return page, f"{page.label} (ongeldige paginaverwijzing)"
    return page, page.label


def keyset_page(
    queryset: QuerySet,
    *,
    order: Order,
    after: str | None = None,
    size: int = PAGE_SIZE,
    scope: str = "",
) -> KeysetPage:
    """The `size` rows of `queryset` that follow the cursor `after` (None: the first page).

    `queryset` may be a `values()` queryset (its rows are then dicts, which must hold the
    order's fields under their attribute names). `order` must end in a unique field (the
    primary key) and name only NOT NULL columns of the model itself, or NOT NULL annotations
    of `queryset` (an aggregate such as "the oldest due date of the casus": its bound becomes
    a HAVING condition); give the list an index in the same order, or keep the aggregated
    rows few. `scope` binds the cursor to one list, so that a cursor of another list with the
    same order is refused too.
    Raises InvalidCursor for a cursor this list did not write.
    """
    fields = _fields(queryset.model, order, queryset.query.annotations)
    salt = _salt(queryset.model, order, scope)
    after = after or None
    if after is not None:
        values = decode_cursor(after, fields, salt=salt)
        queryset = queryset.filter(_after(fields, order, values))
    rows = list(queryset.order_by(*ordering(order))[: size + 1])
    next_cursor = encode_cursor(rows[size - 1], fields, salt=salt) if len(rows) > size else None
    return KeysetPage(items=rows[:size], next_cursor=next_cursor, after=after)


class _Annotation:
    """An annotation of the queryset as a keyset key: read from the row and bounded in the
    filter by its name, converted by the field it outputs."""

    def __init__(self, name: str, output_field: models.Field):
        self.name = self.attname = name
        self.output_field = output_field

    def to_python(self, value: Any) -> Any:
        return self.output_field.to_python(value)


_Key = models.Field | _Annotation


def encode_cursor(row: models.Model | dict, fields: Sequence[_Key], *, salt: str) -> str:
    """The cursor after `row`: a model instance, or a dict of a `values()` queryset."""
    values: list[Any] = []
    for field in fields:
        value = row[field.attname] if isinstance(row, dict) else getattr(row, field.attname)
        if value is None:
            raise ValueError(f"keyset field {field.name} is NULL in the row after {values!r}")
        values.append(_to_json(value))
    return signing.dumps(values, salt=salt, compress=False)


def decode_cursor(value: str, fields: Sequence[_Key], *, salt: str) -> list[Any]:
    """The ordering values of the row before the page, each as its field's Python type."""
    if len(value) > CURSOR_MAX_LENGTH:
        raise InvalidCursor(value[:20])
    try:
        raw = signing.loads(value, salt=salt)
    except signing.BadSignature as exc:
        raise InvalidCursor(value[:20]) from exc
    if not isinstance(raw, list) or len(raw) != len(fields):
        raise InvalidCursor(value[:20])
    try:
        values = [field.to_python(item) for field, item in zip(fields, raw, strict=True)]
    except (ValidationError, TypeError, ValueError) as exc:
        raise InvalidCursor(value[:20]) from exc
    if any(v is None for v in values):
        raise InvalidCursor(value[:20])
    return values


def cursor_digest(cursor: str) -> str:
    """A short, stable name for a cursor (for the audit detail): not reversible to the row."""
    return hashlib.sha256(cursor.encode()).hexdigest()[:8]


def _fields(
    model: type[models.Model], order: Order, annotations: dict[str, Any] | None = None
) -> list[_Key]:
    if not order:
        raise ValueError("keyset pagination needs an order")
    fields: list[_Key] = []
    for name, _descending in order:
        annotation = (annotations or {}).get(name)
        if annotation is not None:
            fields.append(_Annotation(name, annotation.output_field))
            continue
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist as exc:
            raise ValueError(f"{model._meta.label} has no field {name!r}") from exc
        if not field.concrete or field.many_to_many:
            raise ValueError(f"keyset field {name!r} must be a column of {model._meta.label}")
        if not isinstance(field, models.Field):
            raise ValueError(f"keyset field {name!r} must be a column of {model._meta.label}")
        fields.append(field)
    if isinstance(fields[-1], _Annotation) or not fields[-1].unique:
        raise ValueError("the last keyset field must be unique (the primary key)")
    return fields


def _salt(model: type[models.Model], order: Order, scope: str) -> str:
    return f"{_SALT}:{model._meta.label}:{','.join(ordering(order))}:{scope}"


def _after(fields: Sequence[_Key], order: Order, values: list[Any]) -> Q:
    """Rows after `values` in `order`: the row-value comparison as ORs of ANDs.

    (a, b, c) > (x, y, z) with each column in its own direction is written
        a >= x AND (a > x OR (b >= y AND (b > y OR c > z)))
    which equals  a > x OR (a = x AND b > y) OR (a = x AND b = y AND c > z)  but hands the
    database a top-level bound on the leading column, so an index in the same order is scanned
    from the cursor on. Where the strict step cannot hold (a boolean already at its last value)
    the column is an equality, and the bound on the next column becomes top-level as well.
    """
    condition: Q | None = None
    for field, (_name, descending), value in reversed(
        list(zip(fields, order, values, strict=True))
    ):
        column = field.attname
        strict = f"{column}__{'lt' if descending else 'gt'}"
        if condition is None:
            condition = Q(**{strict: value})
        elif _at_the_end(field, descending, value):
            condition = Q(**{column: value}) & condition
        else:
            bound = f"{column}__{'lte' if descending else 'gte'}"
            condition = Q(**{bound: value}) & (Q(**{strict: value}) | condition)
    if condition is None:
        raise ValueError("keyset pagination needs an order")
    return condition


def _at_the_end(field: _Key, descending: bool, value: Any) -> bool:
    """Nothing sorts after `value` in this column (False descending, True ascending)."""
    kind = field.output_field if isinstance(field, _Annotation) else field
    return isinstance(kind, models.BooleanField) and value is (not descending)


def _to_json(value: Any) -> Any:
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime.date):  # a datetime too; isoformat keeps the microseconds
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    raise TypeError(f"cannot put a {type(value).__name__} in a keyset cursor")


# Capped counts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CappedCount:
    """How many rows a list holds, counted up to `cap`; beyond it only "more than `cap`"."""

    value: int
    cap: int

    @property
    def above_cap(self) -> bool:
        return self.value > self.cap

    def __str__(self) -> str:
        if self.above_cap:
            return f"meer dan {_dutch(self.cap)}"
        return _dutch(self.value)


def capped_count(
    queryset: QuerySet, cap: int | None = None, *, order: Order | None = None
) -> CappedCount:
    """Count at most cap + 1 rows (a LIMITed subquery), never the whole table. With `order`
    (a keyset list's order) the rows are counted in that order, so the database reads the
    list's index from its start and stops at the cap, as a page would, rather than planning
    the whole list for a count."""
    cap = COUNT_CAP if cap is None else cap
    queryset = queryset.order_by(*ordering(order)) if order else queryset.order_by()
    counted = queryset.values("pk")[: cap + 1].count()
    return CappedCount(value=counted, cap=cap)


def _dutch(number: int) -> str:
    """10000 -> "10.000", whatever the active locale."""
    return f"{number:,}".replace(",", ".")
