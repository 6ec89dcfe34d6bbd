"""The triage queue and "mijn aanmeldingen" page by keyset: every referral once, in order, at
the same cost on every page, with an honest capped count and one read event per page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aanmelding.models import Aanmelding, AanmeldingPersoon, Status
from aanmelding.selectors import MIJN_VOLGORDE
from audit import events
from audit.models import AccessLog
from casus.selectors_notificaties import BEL_MAXIMUM
from core import pagination
from tests.aanmelding.factories import AanmeldingFactory
from tests.aanmelding.test_views import QUERY_BUDGET
from tests.keyset_pages import link, walk
from tests.partners.factories import PartnerschapFactory

LISTS = {
    # list: (url name, detail link prefix, read event)
    "werkvoorraad": ("aanmelding:werkvoorraad", "triage", events.TRIAGE_WERKVOORRAAD_BEKEKEN),
    "mijn": ("aanmelding:mijn", "aanmeldingen", events.AANMELDINGEN_BEKEKEN),
}
INVALID = "De paginaverwijzing is ongeldig of verouderd. U ziet de eerste pagina."


def _pks(page, prefix):
    return re.findall(rf'href="/{prefix}/([0-9a-f-]{{36}})/"', page)


def _walk(client, url, prefix, limit=10):
    return walk(client, url, lambda page: _pks(page, prefix), limit)


def _queue(zvh, regisseur, count):
    """`count` waiting referrals in `zvh`; groups of three share a moment (the id decides)."""
    PartnerschapFactory(zvh=zvh, organisatie=regisseur.organisatie)
    door = AanmeldingFactory(zvh=zvh, personen=0).aangemeld_door  # a draft: not in the queue
    moment = timezone.now() - timedelta(days=30)
    for i in range(count):
        AanmeldingFactory(
            zvh=zvh,
            aangemeld_door=door,
            personen=1 if i % 10 == 0 else 0,
            status=Status.TER_BEVESTIGING if i % 5 == 0 else Status.INGEDIEND,
            spoed=i % 7 == 0,
            ingediend_op=moment + timedelta(minutes=i // 3),
        )
    return list(
        Aanmelding.objects.filter(zvh=zvh, status__in=[Status.INGEDIEND, Status.TER_BEVESTIGING])
        .order_by("-spoed", "ingediend_op", "id")
        .values_list("pk", flat=True)
    )


def _mijn(zvh, aanmelder, count):
    """`count` referrals of the aanmelder's organisation; groups of four share a moment."""
    AanmeldingFactory(zvh=zvh, personen=0)  # another organisation's: not in the list
    moment = timezone.now() - timedelta(days=30)
    for i in range(count):
        a = AanmeldingFactory(zvh=zvh, aangemeld_door=aanmelder, personen=1 if i % 10 == 0 else 0)
        Aanmelding.objects.filter(pk=a.pk).update(aangemaakt_op=moment + timedelta(hours=i // 4))
    return list(
        Aanmelding.objects.filter(zvh=zvh, organisatie=aanmelder.organisatie)
        .order_by("-aangemaakt_op", "-id")
        .values_list("pk", flat=True)
    )


@pytest.fixture
def lijst(request, zvh, regisseur, aanmelder, login):
    """(client, url, link prefix, event, seed(count) -> expected pks in order)."""
    name, prefix, event = LISTS[request.param]
    if request.param == "werkvoorraad":
        client, seed = login(regisseur), lambda n: _queue(zvh, regisseur, n)
    else:
        client, seed = login(aanmelder), lambda n: _mijn(zvh, aanmelder, n)
    return client, reverse(name), prefix, event, seed


def _reads(event):
    return AccessLog.objects.filter(event_type=event).order_by("id")


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_paging_shows_every_referral_once_in_order(lijst):
    client, url, prefix, event, seed = lijst
    expected = [str(pk) for pk in seed(120)]
    pages = _walk(client, url, prefix)
    assert [len(pks) for _page, pks in pages] == [50, 50, 20]
    assert [pk for _page, pks in pages for pk in pks] == expected
    first, *rest = [page for page, _pks in pages]
    # Real links: "Volgende pagina" on all but the last, "Eerste pagina" on all but the first.
    assert 'aria-label="Paginering"' in first
    assert link(first, "first") is None and "Volgende pagina" in first
    assert all(link(page, "first") == url and "Eerste pagina" in page for page in rest)
    assert link(rest[-1], "next") is None
    assert "Aantal: 120." in first or "Wachtend op triage: 120." in first
    # One read event per page; the detail names the page, never a person or a row value.
    details = list(dict.fromkeys(r.detail for r in _reads(event)))
    assert details[0] == "eerste pagina"
    assert len(details) == 3 and all(re.fullmatch(r"pagina na [0-9a-f]{8}", d) for d in details[1:])
    requests = {r.request_id for r in _reads(event)}
    assert len(requests) == 3
    shown = {p for r in _reads(event) for p in r.getoonde_personen}
    assert len(shown) == 12  # one person on every tenth referral


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_the_first_page_link_starts_over(lijst):
    client, url, prefix, _event, seed = lijst
    expected = [str(pk) for pk in seed(55)]
    second = client.get(url + link(client.get(url).content.decode(), "next")).content.decode()
    assert _pks(second, prefix) == expected[50:]
    again = client.get(link(second, "first")).content.decode()
    assert _pks(again, prefix) == expected[:50]


def _tampered(cursor):
    return cursor[:-3] + ("abc" if not cursor.endswith("abc") else "xyz")


def _foreign(cursor):
    """A cursor the other list wrote (valid there, signed with its own salt)."""
    rows = Aanmelding.objects.order_by("-aangemaakt_op", "-id")
    return pagination.keyset_page(rows, order=MIJN_VOLGORDE, size=1, scope="x").next_cursor


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
    client, url, prefix, event, seed = lijst
    expected = [str(pk) for pk in seed(55)]
    cursor = link(client.get(url).content.decode(), "next").removeprefix("?na=")
    response = client.get(url, {"na": bad(cursor)})
    assert response.status_code == 200
    page = response.content.decode()
    assert INVALID in page and "<script>alert" not in page
    assert _pks(page, prefix) == expected[:50]
    assert _reads(event).last().detail == "eerste pagina (ongeldige paginaverwijzing)"


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_an_empty_cursor_is_the_first_page(lijst):
    client, url, prefix, event, seed = lijst
    expected = [str(pk) for pk in seed(3)]
    page = client.get(url, {"na": ""}).content.decode()
    assert _pks(page, prefix) == expected and INVALID not in page
    assert "Paginering" not in page  # one page: no pagination
    assert _reads(event).last().detail == "eerste pagina"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
@pytest.mark.parametrize("rows", [1, 60])
def test_every_page_costs_the_same_queries(lijst, rows, django_assert_max_num_queries):
    client, url, _prefix, _event, seed = lijst
    seed(rows)
    client.get(url)  # warm up the session
    with django_assert_max_num_queries(QUERY_BUDGET):
        first, first_sql = _queries(client, url)
    href = link(first, "next")
    last, last_sql = first, first_sql
    if href is not None:
        with django_assert_max_num_queries(QUERY_BUDGET):
            last, last_sql = _queries(client, url + href)
        assert link(last, "next") is None
    assert len(first_sql) == len(last_sql)
    for sql in first_sql + last_sql:
        assert "OFFSET" not in sql
        # The only counts are capped ones: a COUNT over a LIMITed subquery (the list's, and
        # the notification bell's in the header).
        if "COUNT(" in sql:
            caps = (pagination.COUNT_CAP + 1, BEL_MAXIMUM + 1)
            assert any(f"LIMIT {cap}) subquery" in sql for cap in caps), sql


@pytest.mark.parametrize(
    "lijst, text",
    [("werkvoorraad", "Wachtend op triage: "), ("mijn", "Aantal: ")],
    indirect=["lijst"],
)
def test_the_count_is_capped(lijst, text, monkeypatch):
    client, url, _prefix, _event, seed = lijst
    monkeypatch.setattr(pagination, "COUNT_CAP", 3)
    seed(3)
    assert f"{text}3." in client.get(url).content.decode()
    seed(1)
    assert f"{text}meer dan 3." in client.get(url).content.decode()


def _met_registraties(zvh, aanmelder, count, status):
    """`count` referrals of the aanmelder's organisation, each with the referrer's entry of one
    person and two links to registrations without an entry (referrals from before the entries
    were stored): one registered by the aanmelder's organisation, one by another."""
    from aanmelding.models import AanmeldingPersoon
    from tests.aanmelding.factories import ingevoerd
    from tests.casus.factories import PersoonFactory
    from tests.partners.factories import MedewerkerFactory

    ander = MedewerkerFactory()
    for _ in range(count):
        a = AanmeldingFactory(
            zvh=zvh,
            aangemeld_door=aanmelder,
            personen=0,
            status=status,
            ingediend_op=timezone.now(),
        )
        eigen = PersoonFactory(zvh=zvh, aangemaakt_door=aanmelder, achternaam="Eigen")
        vreemd = PersoonFactory(zvh=zvh, aangemaakt_door=ander, achternaam="Vreemd")
        invoer = PersoonFactory.build(zvh=zvh, achternaam="Invoer")
        AanmeldingPersoon.objects.create(aanmelding=a, volgorde=0, **ingevoerd(invoer))
        AanmeldingPersoon.objects.create(aanmelding=a, volgorde=1, persoon=eigen)
        AanmeldingPersoon.objects.create(aanmelding=a, volgorde=2, persoon=vreemd)


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_linked_registrations_cost_no_query_per_row(lijst, zvh, aanmelder):
    """A list prints a linked registration's name (or "bestaande registratie" to whom may not
    see its details) from the list's own queries, whatever the number of rows; the read event
    lists every person the page names."""
    client, url, _prefix, event, _seed = lijst
    status = Status.INGEDIEND
    _met_registraties(zvh, aanmelder, 1, status)
    client.get(url)
    _one, one_sql = _queries(client, url)
    _met_registraties(zvh, aanmelder, 29, status)
    client.get(url)  # the first read after the writes also links their change log entries
    many, many_sql = _queries(client, url)
    assert len(many_sql) == len(one_sql)
    triage = "Wachtend op triage" in many
    row = re.search(r"<td>[^<]*Invoer[^<]*</td>|>[^<]*Invoer[^<]*</a>", many).group(0)
    assert "Eigen" in row
    if triage:  # the procesregisseur sees every registration's details
        assert "Vreemd" in row and "bestaande registratie" not in many
        shown = 3
    else:
        assert "Vreemd" not in many and row.count("bestaande registratie") == 1
        shown = 2
    read = _reads(event).last()
    assert len(read.getoonde_personen) == 30 * shown


@pytest.mark.parametrize("lijst", sorted(LISTS), indirect=True)
def test_rows_written_in_python_escape_what_the_referrer_typed(lijst, zvh, aanmelder):
    """The rows are format strings of our own (aanmelding/rijen.py): a name, a number and an
    organisation are escaped as the template engine would."""
    client, url, _prefix, _event, seed = lijst
    seed(1)
    persoon = AanmeldingPersoon.objects.filter(aanmelding__zvh=zvh).first()
    persoon.voornamen, persoon.achternaam = "<b>Kim</b>", 'Jansen & "Zn"'
    persoon.save()
    body = client.get(url).content.decode()
    assert "<b>Kim</b>" not in body
    assert "&lt;b&gt;Kim&lt;/b&gt; Jansen &amp; &quot;Zn&quot;" in body
