"""Keyset pages and capped counts (core.pagination), on the referral model and a numbered one."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from aanmelding.models import Aanmelding, Status
from core import pagination
from core.pagination import CappedCount, InvalidCursor, capped_count, keyset_page
from partners.models import Organisatie
from tests.aanmelding.factories import AanmeldingFactory
from tests.partners.factories import OrganisatieFactory

QUEUE = [("spoed", True), ("ingediend_op", False), ("id", False)]
MOMENT = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def _all_pages(queryset, order, size, scope=""):
    seen, after, labels = [], None, []
    for _ in range(100):
        page = keyset_page(queryset, order=order, after=after, size=size, scope=scope)
        seen += [row.pk for row in page]
        labels.append(page.label)
        if not page.has_next:
            return seen, labels
        after = page.next_cursor
    raise AssertionError("the pages do not end")


@pytest.fixture
def queue(zvh):
    """Twelve waiting referrals; several share a moment to the microsecond (the id decides)."""
    door = AanmeldingFactory(zvh=zvh, personen=0).aangemeld_door
    Aanmelding.objects.all().delete()
    for i in range(12):
        AanmeldingFactory(
            zvh=zvh,
            aangemeld_door=door,
            personen=0,
            status=Status.INGEDIEND,
            spoed=i % 4 == 0,
            ingediend_op=MOMENT + timedelta(microseconds=i // 3),
        )
    return Aanmelding.objects.filter(zvh=zvh)


@pytest.mark.parametrize("size", [1, 2, 5, 12, 50])
def test_pages_hold_every_row_once_in_order(queue, size):
    expected = list(queue.order_by("-spoed", "ingediend_op", "id").values_list("pk", flat=True))
    seen, labels = _all_pages(queue, QUEUE, size)
    assert seen == expected
    assert labels[0] == "eerste pagina"
    assert all(label.startswith("pagina na ") and len(label) == 18 for label in labels[1:])
    assert len(labels) == max(1, -(-len(expected) // size))


def test_descending_order_with_an_integer_key(db):
    for soort in ["om", "ggz", "om", "politie", "ggz", "om", "dji"]:
        OrganisatieFactory(type=soort)
    order = [("type", True), ("pk", True)]
    expected = list(Organisatie.objects.order_by("-type", "-pk").values_list("pk", flat=True))
    assert _all_pages(Organisatie.objects.all(), order, 4)[0] == expected


@pytest.mark.parametrize(
    "size, bound",
    [
        # After a spoed row: the spoed rows that follow, then every other row.
        (2, '"spoed" <= true AND ("aanmelding_aanmelding"."spoed" < true OR'),
        # After the last spoed row nothing sorts below false: an equality, and the moment is a
        # top-level bound too, so the index is entered at the cursor.
        (5, 'NOT "aanmelding_aanmelding"."spoed" AND "aanmelding_aanmelding"."ingediend_op" >= '),
    ],
)
def test_the_query_has_no_offset_and_bounds_the_leading_columns(queue, size, bound):
    first = keyset_page(queue, order=QUEUE, size=size)
    with CaptureQueriesContext(connection) as queries:
        keyset_page(queue, order=QUEUE, after=first.next_cursor, size=size)
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "OFFSET" not in sql and f"LIMIT {size + 1}" in sql
    assert bound in sql


def test_a_cursor_keeps_microseconds_booleans_and_uuids(queue):
    row = queue.order_by("-spoed", "ingediend_op", "id")[0]
    fields = pagination._fields(Aanmelding, QUEUE)
    salt = pagination._salt(Aanmelding, QUEUE, "")
    cursor = pagination.encode_cursor(row, fields, salt=salt)
    assert pagination.decode_cursor(cursor, fields, salt=salt) == [True, MOMENT, row.pk]


def _cursor(queue, scope=""):
    return keyset_page(queue, order=QUEUE, size=2, scope=scope).next_cursor


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c[:-1] + ("A" if c[-1] != "A" else "B"),  # the signature
        lambda c: ("W" if c[0] != "W" else "X") + c[1:],  # the values
        lambda c: c[: len(c) // 2],
        lambda c: "1-2",
        lambda c: "x" * 10_000,
        lambda c: c + ":" + c,
    ],
)
def test_a_tampered_cursor_is_refused(queue, tamper):
    with pytest.raises(InvalidCursor):
        keyset_page(queue, order=QUEUE, after=tamper(_cursor(queue)))


def test_a_cursor_of_another_list_or_order_is_refused(queue):
    cursor = _cursor(queue, scope="lijst.een")
    with pytest.raises(InvalidCursor):
        keyset_page(queue, order=QUEUE, after=cursor, scope="lijst.twee")
    with pytest.raises(InvalidCursor):
        keyset_page(queue, order=[("aangemaakt_op", True), ("id", True)], after=cursor)
    assert len(keyset_page(queue, order=QUEUE, after=cursor, scope="lijst.een")) == 10


@pytest.mark.parametrize(
    "values", [["ja", "gisteren", "geen-uuid"], [True, "2026-01-01T00:00:00+00:00"], {"a": 1}]
)
def test_a_signed_cursor_with_wrong_values_is_refused(queue, values):
    forged = signing.dumps(values, salt=pagination._salt(Aanmelding, QUEUE, ""), compress=False)
    with pytest.raises(InvalidCursor):
        keyset_page(queue, order=QUEUE, after=forged)


def test_an_empty_cursor_is_the_first_page(queue):
    assert keyset_page(queue, order=QUEUE, after="", size=3).is_first


def test_order_must_end_in_a_unique_column_of_the_model(queue):
    with pytest.raises(ValueError):
        keyset_page(queue, order=[("ingediend_op", False)])
    with pytest.raises(ValueError):
        keyset_page(queue, order=[("organisatie__naam", False), ("id", False)])


def test_capped_count_counts_at_most_cap_plus_one_rows(queue):
    with CaptureQueriesContext(connection) as queries:
        counted = capped_count(queue, cap=5)
    assert counted == CappedCount(value=6, cap=5) and counted.above_cap
    assert "LIMIT 6" in queries.captured_queries[0]["sql"]
    assert capped_count(queue, cap=12) == CappedCount(value=12, cap=12)


def test_capped_count_reads_the_module_cap(queue, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 7)
    assert str(capped_count(queue)) == "meer dan 7"


@pytest.mark.parametrize(
    "value, cap, text",
    [
        (0, 10_000, "0"),
        (999, 10_000, "999"),
        (1234, 10_000, "1.234"),
        (10_000, 10_000, "10.000"),
        (10_001, 10_000, "meer dan 10.000"),
        (1_000_001, 1_000_000, "meer dan 1.000.000"),
    ],
)
def test_capped_count_text_is_dutch(value, cap, text):
    assert str(CappedCount(value=value, cap=cap)) == text


def test_an_annotation_may_lead_the_order_but_not_end_it(db):
    """An aggregate as a keyset key (bounded in HAVING); the order still ends in the key."""
    from django.db.models import Count

    from tests.partners.factories import MedewerkerFactory

    for i, soort in enumerate(["om", "ggz", "om", "politie", "ggz", "om", "dji"]):
        organisatie = OrganisatieFactory(type=soort)
        MedewerkerFactory.create_batch(i % 3, organisatie=organisatie)
    queryset = Organisatie.objects.annotate(leden=Count("medewerkers"))
    order = [("leden", False), ("type", True), ("pk", False)]
    expected = list(queryset.order_by("leden", "-type", "pk").values_list("pk", flat=True))
    assert _all_pages(queryset, order, 3)[0] == expected
    with pytest.raises(ValueError, match="unique"):
        keyset_page(queryset, order=[("leden", False)])


def test_a_values_queryset_pages_like_its_instances(queue):
    """A worklist built from plain values (aanmelding's triage queue) pages with dict rows:
    the same rows in the same order, and a cursor of either form is the other's."""
    expected = list(queue.order_by("-spoed", "ingediend_op", "id").values_list("pk", flat=True))
    values = queue.values("id", "spoed", "ingediend_op")
    seen, after = [], None
    while True:
        page = keyset_page(values, order=QUEUE, after=after, size=5)
        assert all(isinstance(row, dict) for row in page)
        seen += [row["id"] for row in page]
        if not page.has_next:
            break
        instances = keyset_page(queue, order=QUEUE, after=after, size=5)
        assert instances.next_cursor.split(":")[0] == page.next_cursor.split(":")[0]
        after = page.next_cursor
    assert seen == expected
