"""The background jobs of the notifications on django-tasks: the mail job (only what the
recipient may still see, only to active users who asked for it, no personal data, once), two
overdue runs at the same time, the schedule command and the database worker, and the user's
own e-mail setting."""

import datetime
import signal
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from django_tasks_db.models import DBTaskResult

from audit import events
from audit.models import AccessLog
from casus import notificaties, services_notificaties, tasks
from casus.models import Deelnemer, Notificatie, NotificatieSoort
from casus.services import deelnemer_verwijderen
from core.roles import Rol
from partners.models import Medewerker
from tests.casus.factories import ActieFactory, CasusFactory, DoelFactory, PersoonFactory
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory

BASIS = "https://casus.example.nl"


@pytest.fixture
def huis(zvh, make_user):
    politie = OrganisatieFactory(naam="Politie")
    casus = CasusFactory(zvh=zvh, deelnemers=[politie])
    persoon = PersoonFactory(zvh=zvh, voornamen="Sanne", achternaam="Brouwer")
    casus.personen.add(persoon)
    agent = make_user(zvh, Rol.KETENPARTNER, organisatie=politie, email_notificaties=True)
    return {
        "zvh": zvh,
        "politie": politie,
        "casus": casus,
        "persoon": persoon,
        "agent": agent,
        "stil": make_user(zvh, Rol.KETENPARTNER, organisatie=politie),
        "regisseur": make_user(zvh, Rol.PROCESREGISSEUR),
    }


def _actie(huis, **kwargs):
    return ActieFactory(
        doel=DoelFactory(plan__casus=huis["casus"]),
        organisatie=huis["politie"],
        deadline=datetime.date(2026, 3, 10),
        **kwargs,
    )


def _na_de_termijn(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 12, 9, 0, tzinfo=datetime.UTC))


# The mail job ---------------------------------------------------------------------------------


@override_settings(CASUS_BASIS_URL=BASIS)
def test_the_mail_job_mails_once_without_personal_data(huis, mailoutbox, time_machine):
    _actie(huis)
    _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()
    assert services_notificaties.notificaties_mailen() == 1
    (mail,) = mailoutbox
    assert mail.to == [huis["agent"].email]
    assert mail.subject == "Er staat een actie voor u klaar in Casus"
    assert f"{BASIS}/notificaties/" in mail.body
    assert f"{BASIS}/account/notificaties/" in mail.body
    for text in (huis["casus"].nummer, "Sanne", "Brouwer", "Politie", "Huurschuld"):
        assert text not in mail.body and text not in mail.subject
    mailed = Notificatie.objects.filter(ontvanger=huis["agent"])
    assert mailed.count() == 2 and not mailed.filter(gemaild_op__isnull=True).exists()
    # The colleague did not ask for mail: its notifications stay unmailed, and in the app.
    assert not Notificatie.objects.filter(ontvanger=huis["stil"], gemaild_op__isnull=False)
    # A second run mails nothing.
    assert services_notificaties.notificaties_mailen() == 0
    assert len(mailoutbox) == 1
    row = AccessLog.objects.get(event_type=events.NOTIFICATIES_GEMAILD)
    assert row.user_display == services_notificaties.MAIL_TAAK
    assert row.detail == f"medewerker {huis['agent'].pk}: 2 notificatie(s)"


def test_a_user_who_lost_access_is_not_mailed(huis, mailoutbox, time_machine):
    _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()
    deelnemer_verwijderen(
        actor=actor_for(huis["regisseur"], huis["zvh"]),
        deelnemer=Deelnemer.objects.get(casus=huis["casus"], organisatie=huis["politie"]),
    )
    assert services_notificaties.notificaties_mailen() == 0
    assert mailoutbox == []
    assert not Notificatie.objects.filter(gemaild_op__isnull=False).exists()


def test_an_inactive_user_is_not_mailed(huis, mailoutbox, time_machine):
    _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()
    Medewerker.objects.filter(pk=huis["agent"].pk).update(is_active=False)
    assert services_notificaties.notificaties_mailen() == 0
    assert mailoutbox == []


def test_read_notifications_and_users_without_address_are_not_mailed(
    huis, mailoutbox, time_machine
):
    _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()
    services_notificaties.alles_gelezen(actor=actor_for(huis["agent"], huis["zvh"]))
    assert services_notificaties.notificaties_mailen() == 0
    Notificatie.objects.update(gelezen_op=None)
    Medewerker.objects.filter(pk=huis["agent"].pk).update(email="")
    assert services_notificaties.notificaties_mailen() == 0
    assert mailoutbox == []


def test_a_failing_mail_server_marks_nothing(huis, time_machine, monkeypatch):
    _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()

    def kapot(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services_notificaties, "send_mail", kapot)
    with pytest.raises(OSError):
        services_notificaties.notificaties_mailen()
    assert not Notificatie.objects.filter(gemaild_op__isnull=False).exists()


# Two runs at once ---------------------------------------------------------------------------


def _tegelijk(functie, n=2):
    """Run `functie` in `n` threads released at the same moment (own connections each)."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(functie())
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


@pytest.mark.django_db(transaction=True)
def test_two_overdue_runs_at_once_tell_everyone_once(huis, time_machine, monkeypatch):
    monkeypatch.setattr(services_notificaties, "ACHTERSTAND_BATCH", 4)
    acties = [_actie(huis) for _ in range(40)]
    _na_de_termijn(time_machine)
    results = _tegelijk(services_notificaties.achterstand_melden)
    # Every action reported by exactly one of the two runs.
    assert sum(results) == 40
    assert Notificatie.objects.count() == 40 * 2  # agent and colleague, once per action
    for actie in acties:
        actie.refresh_from_db()
        assert actie.verlopen_gemeld_op == actie.deadline
    assert services_notificaties.achterstand_melden() == 0


@pytest.mark.django_db(transaction=True)
def test_two_mail_runs_at_once_mail_once(huis, time_machine, mailoutbox):
    for _ in range(5):
        _actie(huis)
    _na_de_termijn(time_machine)
    services_notificaties.achterstand_melden()
    results = _tegelijk(services_notificaties.notificaties_mailen)
    assert sorted(results) == [0, 1]
    assert len(mailoutbox) == 1


# The schedule and the worker --------------------------------------------------------------


def test_taken_inplannen_enqueues_each_job_once(huis):
    call_command("taken_inplannen", verbosity=0)
    paden = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paden == ["casus.tasks.achterstand_melden", "casus.tasks.notificaties_mailen"]
    # Still waiting: not enqueued again.
    call_command("taken_inplannen", verbosity=0)
    assert DBTaskResult.objects.count() == 2
    # No arguments: nothing personal in a task row.
    assert {tuple(map(len, r.args_kwargs.values())) for r in DBTaskResult.objects.all()} == {(0, 0)}


@pytest.mark.django_db(transaction=True)
@override_settings(CASUS_BASIS_URL=BASIS)
def test_the_database_worker_runs_the_scheduled_jobs(huis, time_machine, mailoutbox):
    _actie(huis)
    _na_de_termijn(time_machine)
    call_command("taken_inplannen", verbosity=0)
    # The worker installs its own signal handlers (graceful shutdown): give pytest its own back.
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for s, handler in handlers.items():
            signal.signal(s, handler)
    statussen = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statussen == {"SUCCESSFUL"}
    assert Notificatie.objects.filter(soort=NotificatieSoort.ACTIE_VERLOPEN).count() == 2
    assert len(mailoutbox) == 1
    # The queue is empty again: the next schedule enqueues both anew.
    call_command("taken_inplannen", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 2


def test_the_tasks_take_no_arguments():
    for taak in tasks.PERIODIEK:
        assert taak.func.__code__.co_argcount == 0


# The user's own e-mail setting -------------------------------------------------------------


def test_the_setting_page_turns_mail_on_and_off_audited(client, login, huis):
    user = huis["stil"]
    login(user)
    url = reverse("partners:account_notificaties")
    page = client.get(url)
    assert page.status_code == 200
    assert "noemt geen personen" in page.content.decode()
    response = client.post(url, {"email_notificaties": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email_notificaties
    row = AccessLog.objects.get(event_type=events.EMAILNOTIFICATIES_INGESTELD)
    assert row.detail == "aan" and row.user_id == user.pk
    client.post(url, {})
    user.refresh_from_db()
    assert not user.email_notificaties
    assert AccessLog.objects.filter(event_type=events.EMAILNOTIFICATIES_INGESTELD).count() == 2


def test_the_setting_page_says_when_there_is_no_address(client, login, huis):
    Medewerker.objects.filter(pk=huis["stil"].pk).update(email="")
    login(Medewerker.objects.get(pk=huis["stil"].pk))
    page = client.get(reverse("partners:account_notificaties")).content.decode()
    assert "geen e-mailadres" in page


def test_nobody_changes_another_users_setting(huis):
    from core.policy import Geweigerd
    from partners.services import emailnotificaties_instellen

    with pytest.raises(Geweigerd):
        emailnotificaties_instellen(
            actor=actor_for(huis["regisseur"], huis["zvh"]), medewerker=huis["stil"], aan=True
        )
    huis["stil"].refresh_from_db()
    assert not huis["stil"].email_notificaties


def test_the_setting_needs_a_second_factor(client, huis):
    client.force_login(huis["stil"])
    response = client.post(reverse("partners:account_notificaties"), {"email_notificaties": "on"})
    assert response.status_code == 302 and "/inloggen/" in response["Location"]
    huis["stil"].refresh_from_db()
    assert not huis["stil"].email_notificaties


def test_the_notification_text_names_no_person(huis):
    notificaties.notificeren(
        soort=NotificatieSoort.UITVRAAG,
        casus=huis["casus"],
        ontvanger_ids=[huis["agent"].pk],
        sleutel="x",
    )
    from casus import selectors_notificaties as selectors

    for n in Notificatie.objects.select_related("casus"):
        tekst = selectors.tekst(n)
        assert huis["casus"].nummer in tekst
        assert escape(huis["persoon"].naam) not in tekst and "Sanne" not in tekst
