"""The issue 12 benchmark (bench/casus_werk_plan.py) at a tiny size: its seeding gives the house
it promises, its harness skips pages that do not exist yet, and its server wrapper reports
server time and query count. The benchmark itself runs with `make bench`."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from bench import casus_werk_plan as plan
from bench._gunicorn_plan import QUERIES, RETRIES, SERVER_MS, timed
from casus.models import (
    Actie,
    Besluit,
    Casus,
    CasusGroupObjectPermission,
    Casusoverleg,
    Deelnemer,
    Doel,
    Uitnodiging,
    Voortgang,
)
from partners.models import Organisatie

SIZES = {
    "casussen": 40,
    "acties": 420,
    "overleggen": 120,
    "partner_acties": 30,
    "rijk_acties": 25,
    "rijk_overleggen": 6,
}


@pytest.fixture
def summary(db):
    return plan.seed(SIZES, log=lambda *a: None)


def test_seeding_gives_the_promised_sizes(summary):
    for key, value in SIZES.items():
        assert summary[key] == value, key
    zvh = summary["zvh"]
    assert Casus.objects.filter(zvh=zvh).count() == SIZES["casussen"]
    assert Actie.objects.filter(zvh=zvh).count() == SIZES["acties"]
    assert Casusoverleg.objects.filter(zvh=zvh).count() == SIZES["overleggen"]
    rijk = Casus.objects.get(pk=summary["rijk"])
    assert rijk.status == "open"
    assert rijk.acties.count() == SIZES["rijk_acties"]
    assert rijk.overleggen.count() == SIZES["rijk_overleggen"]
    assert Doel.objects.filter(plan__casus=rijk).count() == plan.RIJK_DOELEN


def test_the_partner_has_exactly_its_open_actions_in_open_casussen_it_takes_part_in(summary):
    partner = Organisatie.objects.get(medewerkers__username=plan.usernames()["partner"])
    lopend = Actie.objects.filter(
        zvh=summary["zvh"], organisatie=partner, status__in=["open", "in_uitvoering"]
    )
    assert lopend.count() == SIZES["partner_acties"]
    assert not lopend.exclude(casus__status="open").exists()
    assert not lopend.exclude(casus__deelnemers__organisatie=partner).exists()
    granted = CasusGroupObjectPermission.objects.filter(group_id=partner.groep_id)
    assert not lopend.exclude(casus__in=granted.values("content_object")).exists()
    assert lopend.filter(eigenaar__username=plan.usernames()["partner"]).exists()


def test_actions_are_realistic(summary):
    acties = Actie.objects.filter(zvh=summary["zvh"])
    today = timezone.localdate()
    # Every responsible organisation takes part in its casus, every goal is of its casus.
    for actie in acties.select_related("doel__plan"):
        assert actie.doel.plan.casus_id == actie.casus_id
    pairs = set(Deelnemer.objects.values_list("casus_id", "organisatie_id"))
    assert set(acties.values_list("casus_id", "organisatie_id")) <= pairs
    statuses = set(acties.values_list("status", flat=True))
    assert statuses == {"open", "in_uitvoering", "gereed", "niet_haalbaar"}
    overdue = acties.filter(status__in=["open", "in_uitvoering"], deadline__lt=today).count()
    assert 0.03 < overdue / SIZES["acties"] < 0.25
    assert not acties.filter(casus__status="afgesloten", status__in=["open", "in_uitvoering"])
    # Encrypted as the application writes them: the model reads them back.
    niet_haalbaar = acties.filter(status="niet_haalbaar").first()
    assert niet_haalbaar.reden_niet_haalbaar.startswith("Niet haalbaar")
    assert acties.first().omschrijving.startswith("Actie ")
    assert (
        Voortgang.objects.filter(actie__zvh=summary["zvh"]).count()
        == acties.exclude(status="open").count()
    )
    assert Voortgang.objects.filter(actie__zvh=summary["zvh"]).first().notitie
    assert acties.filter(besluit__isnull=False).exists()


def test_mdos_lie_in_the_past_and_the_future(summary):
    overleggen = Casusoverleg.objects.filter(zvh=summary["zvh"])
    now = timezone.now()
    komend = overleggen.filter(begint_op__gte=now)
    assert komend.exists() and overleggen.filter(begint_op__lt=now).exists()
    assert komend.count() == summary["komende_overleggen"]
    assert not komend.exclude(casus__status="open").exists()
    assert not komend.exclude(status="gepland").exists()
    gehouden = overleggen.filter(begint_op__lt=now)
    assert gehouden.first().verslag.startswith("Verslag")
    assert Besluit.objects.filter(casusoverleg__zvh=summary["zvh"]).count() == gehouden.count()
    assert Uitnodiging.objects.filter(casusoverleg__zvh=summary["zvh"]).count() == 2 * len(
        overleggen
    )


def test_casussen_have_spread_dates_and_closed_ones_no_grants(summary):
    casussen = Casus.objects.filter(zvh=summary["zvh"])
    stil = timezone.now() - datetime.timedelta(weeks=6)
    assert casussen.filter(status="open", laatste_activiteit_op__lt=stil).exists()
    assert casussen.filter(status="open", laatste_activiteit_op__gte=stil).exists()
    assert len(set(casussen.values_list("procesregisseur", flat=True))) == plan.REGISSEURS
    closed = casussen.filter(status="afgesloten")
    assert closed.exists()
    assert not closed.filter(afgesloten_op__isnull=True).exists()
    assert not CasusGroupObjectPermission.objects.filter(content_object__in=closed).exists()
    assert not casussen.filter(themas__isnull=True).exists()


def test_seeding_again_reuses_the_house_and_refuses_another_size(summary):
    again = plan.seed(SIZES, log=lambda *a: None)
    assert again["zvh"] == summary["zvh"]
    assert Actie.objects.count() == SIZES["acties"]
    with pytest.raises(SystemExit, match="andere omvang"):
        plan.seed({**SIZES, "acties": SIZES["acties"] + 1}, log=lambda *a: None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"casussen": 5}, "CASUSSEN"),
        ({"partner_acties": 1000}, "PARTNER_ACTIES"),
        ({"rijk_acties": 5}, "rijke casus"),
        ({"rijk_overleggen": 100}, "RIJK_OVERLEGGEN"),
    ],
)
def test_impossible_sizes_are_refused(change, message):
    with pytest.raises(SystemExit, match=message):
        plan._check_sizes({**SIZES, **change})


def test_pages_that_do_not_exist_are_skipped():
    lines = []
    pages = [
        ("casuspagina", "casus:casus", "rijk", "regisseur", False),
        ("lijst", "casus:lijst", None, "regisseur", True),
        ("nog niet", "casus:bestaat_niet", None, "regisseur", True),
    ]
    rijk = "8d3f8f6e-2b1c-4c55-9d55-2f7f0d9c6a11"
    found = plan.resolve_pages({"rijk": rijk}, pages, log=lines.append)
    assert found == [
        ("casuspagina", f"/casussen/{rijk}/", "regisseur", False),
        ("lijst", "/casussen/", "regisseur", True),
    ]
    assert len(lines) == 1
    assert "overgeslagen: pagina bestaat nog niet (casus:bestaat_niet)" in lines[0]


def test_every_page_of_the_issue_is_in_the_benchmark():
    names = {name for _label, name, *_rest in plan.PAGES}
    assert names >= {
        "casus:casus",
        "casus:plan",
        "casus:mijn_acties",
        "casus:monitoring",
        "casus:monitoring_mijn",
        "casus:monitoring_mdo",
        "casus:monitoring_achterstand",
        "casus:monitoring_stilstand",
        "casus:monitoring_spoed",
        "casus:monitoring_zonder_mdo",
    }


def test_the_server_wrapper_reports_time_and_queries(db):
    def app(environ, start_response):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute("SELECT 2")
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    seen = []
    body = timed(app)({}, lambda status, headers, exc_info=None: seen.append((status, headers)))
    assert body == [b"ok"]
    status, headers = seen[0]
    headers = dict(headers)
    assert status == "200 OK"
    assert headers[QUERIES] == "2"
    assert headers[RETRIES] == "0"
    assert float(headers[SERVER_MS]) >= 0


def test_the_server_wrapper_counts_a_retried_audit_append_apart(transactional_db):
    """The retry after a moved audit head (audit/recorder.py) is the chain's contention, not the
    page's work: the page's query count is that of the same request without the retry."""

    def app_with(retry):
        def app(environ, start_response):
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute("SAVEPOINT casus_audit_append")
                cursor.execute("SELECT 1")
                if retry:
                    cursor.execute("ROLLBACK TO SAVEPOINT casus_audit_append; SELECT 2")
                cursor.execute("COMMIT")
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]

        return app

    def headers_of(app):
        seen = []
        timed(app)({}, lambda status, headers, exc_info=None: seen.append((status, headers)))
        return dict(seen[0][1])

    connection.ensure_connection()
    headers_of(app_with(retry=False))  # whatever a first request on the connection adds
    plain, retried = headers_of(app_with(retry=False)), headers_of(app_with(retry=True))
    assert (plain[RETRIES], retried[RETRIES]) == ("0", "1")
    assert retried[QUERIES] == plain[QUERIES]


def test_judging_counts_queries_of_first_and_last_page_and_server_p95():
    def row(page, group, clients, p95, seen, is_list=True, errors=0):
        return {
            "page": page,
            "group": group,
            "clients": clients,
            "server_p95_ms": p95,
            "queries": min(seen),
            "queries_seen": seen,
            "list": is_list,
            "errors": errors,
        }

    targets = plan.judge(
        [
            row("a, eerste", "a", 1, 40.0, {12: 60, 13: 40}),
            row("a, eerste", "a", 4, 400.0, {12: 100}),
            row("a, laatste", "a", 1, 120.0, {13: 100}),
            row("b", "b", 1, 20.0, {9: 90, 10: 10}, is_list=False),
            row("c, eerste", "c", 1, 20.0, {9: 90, 10: 10}),
            row("c, laatste", "c", 1, 20.0, {9: 90, 11: 10}),
        ]
    )
    by_goal = {t["doel"]: t["gehaald"] for t in targets}
    assert by_goal["a, eerste: servertijd p95 <= 100 ms (1 client)"] is True
    assert by_goal["a, laatste: servertijd p95 <= 100 ms (1 client)"] is False
    assert by_goal["a: queries eerste = laatste pagina"] is False
    assert by_goal["b: servertijd p95 <= 100 ms (1 client)"] is True
    # Retried audit appends are counted apart by the server: any other difference in the count
    # between requests of one page is a failure.
    assert by_goal["c: queries eerste = laatste pagina"] is True
    for page in ("a, eerste", "b", "c, eerste", "c, laatste"):
        assert by_goal[f"{page}: vast aantal queries (herhaalde auditappend apart)"] is False
    assert by_goal["fouten in alle metingen = 0"] is True
    assert len(targets) == 12


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("?na=abc%3A1", "/lijst/?na=abc:1"),
        ("?eigenaar=organisatie&amp;na=abc%3A1", "/lijst/?eigenaar=organisatie&na=abc:1"),
        ("?pagina=3", "/lijst/?pagina=3"),
    ],
)
def test_the_walk_to_the_last_page_follows_next_links_with_filters(href, expected):
    from urllib.parse import unquote

    from bench.aanmelding import _next_url

    body = f'<nav><a href="{href}" rel="next">Volgende pagina</a></nav>'
    assert unquote(_next_url("/lijst/", body)) == expected
    assert _next_url("/lijst/", "<nav>geen volgende</nav>") is None
