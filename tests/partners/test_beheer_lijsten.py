"""The three functioneel-beheer lists (organisaties, medewerkers, rolaanvragen) page by keyset:
every row once, in the list's order, at the same cost on every page, with a capped count, one
read event per page, and a bad cursor showing the first page with a message."""

import itertools
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit import events
from audit.models import AccessLog
from casus.selectors_notificaties import BEL_MAXIMUM
from core import pagination
from partners import beheer_views
from partners.models import Medewerker, Organisatie, Rol, RolAanvraag
from tests.keyset_pages import link, walk
from tests.partners.factories import OrganisatieFactory, PartnerschapFactory

pytestmark = pytest.mark.django_db

INVALID = "De paginaverwijzing is ongeldig of verouderd. U ziet de eerste pagina."
PAGINA = 4
_namen = itertools.count()

LISTS = {
    # list: (url name, read event, pattern of a row's pk in the page, query budget)
    "organisaties": (
        "partners:beheer_organisaties",
        events.ORGANISATIES_BEKEKEN,
        r'href="/beheer/organisaties/(\d+)/"',
        20,
    ),
    "medewerkers": (
        "partners:beheer_medewerkers",
        events.MEDEWERKERS_BEKEKEN,
        r'href="/beheer/medewerkers/(\d+)/"',
        20,
    ),
    "rolaanvragen": (
        "partners:beheer_rolaanvragen",
        events.ROLAANVRAGEN_BEKEKEN,
        r'<h2 id="aanvraag-(\d+)">',
        15,
    ),
}


def _organisaties(zvh, beheerder, make_user, count):
    """`count` partner organisations of the house, and one of another house (not listed)."""
    OrganisatieFactory()
    for i in range(count):
        naam = f"Org {i % 5} {next(_namen):04}"  # not in the order they are made
        PartnerschapFactory(zvh=zvh, organisatie=OrganisatieFactory(naam=naam))
    return list(
        Organisatie.objects.filter(partnerschappen__zvh=zvh)
        .order_by("naam", "id")
        .values_list("pk", flat=True)
    )


def _medewerkers(zvh, beheerder, make_user, count):
    """`count` staff of one organisation; groups of three share their whole name."""
    org = OrganisatieFactory()
    make_user(None)  # of an organisation outside the house: not listed
    for i in range(count):
        make_user(zvh, organisatie=org, last_name=f"Jansen {i // 3}", first_name="Anna")
    return list(
        Medewerker.objects.filter(organisatie__partnerschappen__zvh=zvh)
        .order_by("last_name", "first_name", "username", "id")
        .values_list("pk", flat=True)
    )


def _rolaanvragen(zvh, beheerder, make_user, count):
    """`count` open requests of the house; groups of three share a moment (the id decides)."""
    door = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, organisatie=beheerder.organisatie)
    moment = timezone.now() - timedelta(days=3)
    for i in range(count):
        aanvraag = RolAanvraag.objects.create(
            medewerker=make_user(zvh, organisatie=beheerder.organisatie),
            zvh=zvh,
            rol="privacy_officer",
            aangevraagd_door=door,
        )
        # Later requests earlier in time, so that the id alone is not the order.
        moment_i = moment - timedelta(minutes=i // 3)
        RolAanvraag.objects.filter(pk=aanvraag.pk).update(aangevraagd_op=moment_i)
    return list(
        RolAanvraag.objects.filter(zvh=zvh, status="open")
        .order_by("aangevraagd_op", "id")
        .values_list("pk", flat=True)
    )


SEEDS = {"organisaties": _organisaties, "medewerkers": _medewerkers, "rolaanvragen": _rolaanvragen}


@pytest.fixture
def lijst(request, zvh, make_user, login, monkeypatch):
    """(client, url, event, pk pattern, budget, seed(count) -> expected pks in order)."""
    monkeypatch.setattr(beheer_views, "PAGINA", PAGINA)
    name, event, pattern, budget = LISTS[request.param]
    beheerder = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER)
    client = login(beheerder)

    def seed(count):
        return [str(pk) for pk in SEEDS[request.param](zvh, beheerder, make_user, count)]

    return client, reverse(name), event, pattern, budget, seed


def _pks(page, pattern):
    return re.findall(pattern, page)


def _walk(client, url, pattern, limit=20):
    return walk(client, url, lambda page: _pks(page, pattern), limit)


def _reads(event):
    return AccessLog.objects.filter(event_type=event).order_by("id")


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_paging_shows_every_row_once_in_order(lijst):
    client, url, event, pattern, _budget, seed = lijst
    expected = seed(10)
    pages = _walk(client, url, pattern)
    sizes = [len(pks) for _page, pks in pages]
    assert len(pages) == -(-len(expected) // PAGINA) >= 3
    assert all(size == PAGINA for size in sizes[:-1]) and 0 < sizes[-1] <= PAGINA
    assert [pk for _page, pks in pages for pk in pks] == expected
    first, *rest = [page for page, _pks in pages]
    assert 'aria-label="Paginering"' in first and "?pagina=" not in first
    assert link(first, "first") is None and "Volgende pagina" in first
    assert all(link(page, "first") == url and "Eerste pagina" in page for page in rest)
    assert all(f"Aantal: {len(expected)}." in page for page, _pks in pages)
    # One read event per page; the detail names the page, never a row value.
    details = [r.detail for r in _reads(event)]
    assert len(details) == len(pages)
    assert details[0] == "eerste pagina"
    assert all(re.fullmatch(r"pagina na [0-9a-f]{8}", d) for d in details[1:])
    assert len(set(details)) == len(pages)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_the_first_and_the_last_page_cost_the_same_queries(lijst, django_assert_max_num_queries):
    client, url, _event, _pattern, budget, seed = lijst
    seed(10)
    client.get(url)  # warm up the session
    with django_assert_max_num_queries(budget):
        first, first_sql = _queries(client, url)
    href = link(first, "next")
    while True:
        with django_assert_max_num_queries(budget):
            last, last_sql = _queries(client, url + href)
        href = link(last, "next")
        if href is None:
            break
    assert len(first_sql) == len(last_sql)
    for sql in first_sql + last_sql:
        assert "OFFSET" not in sql
        # The only counts are capped ones: a COUNT over a LIMITed subquery (the list's, and
        # the notification bell's in the header).
        if "COUNT(" in sql:
            caps = (pagination.COUNT_CAP + 1, BEL_MAXIMUM + 1)
            assert any(f"LIMIT {cap}) subquery" in sql for cap in caps), sql


def _tampered(cursor):
    return cursor[:-3] + ("abc" if not cursor.endswith("abc") else "xyz")


def _foreign(cursor):
    """A valid cursor of another list with the same model and order: refused by its scope."""
    OrganisatieFactory.create_batch(2)  # of no house: listed nowhere
    rows = Organisatie.objects.order_by("naam", "id")
    return pagination.keyset_page(
        rows, order=[("naam", False), ("id", False)], size=1, scope="x"
    ).next_cursor


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
@pytest.mark.parametrize(
    "bad",
    [
        lambda c: "1-2",
        lambda c: "<script>alert(1)</script>",
        _tampered,
        lambda c: c[: len(c) // 2],
        lambda c: c * 20,
        _foreign,
    ],
)
def test_a_bad_cursor_shows_the_first_page_with_a_message(lijst, bad):
    client, url, event, pattern, _budget, seed = lijst
    expected = seed(6)
    cursor = link(client.get(url).content.decode(), "next").removeprefix("?na=")
    response = client.get(url, {"na": bad(cursor)})
    assert response.status_code == 200
    page = response.content.decode()
    assert INVALID in page and "<script>alert" not in page
    assert _pks(page, pattern) == expected[:PAGINA]
    assert _reads(event).last().detail == "eerste pagina (ongeldige paginaverwijzing)"


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_an_empty_cursor_is_the_first_page(lijst):
    client, url, event, pattern, _budget, seed = lijst
    expected = seed(1)
    page = client.get(url, {"na": ""}).content.decode()
    assert _pks(page, pattern) == expected[:PAGINA] and INVALID not in page
    assert _reads(event).last().detail == "eerste pagina"


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_the_count_is_capped(lijst, monkeypatch):
    client, url, _event, _pattern, _budget, seed = lijst
    expected = seed(3)
    monkeypatch.setattr(pagination, "COUNT_CAP", len(expected))
    assert f"Aantal: {len(expected)}." in client.get(url).content.decode()
    seed(1)
    assert f"Aantal: meer dan {len(expected)}." in client.get(url).content.decode()
