"""The Actor: immutable, built once per request by middleware, taken by every service."""

import dataclasses
import inspect
from pathlib import Path

import pytest
from django.urls import reverse

from audit import events, log
from audit.models import AccessLog
from core.actor import Actor, clean_ip, machine_actor
from partners.models import Rol

ROOT = Path(__file__).resolve().parents[2]


def test_actor_is_immutable_and_purpose_gives_a_copy():
    actor = Actor(user_id=1, rollen=frozenset({"procesregisseur"}), verified=True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.user_id = 2
    met_doel = actor.met_doel("inzageverzoek 2026-014")
    assert met_doel.doel == "inzageverzoek 2026-014" and actor.doel == ""
    assert met_doel.request_id == actor.request_id


def test_request_ids_are_generated_by_the_server():
    assert len({Actor.anoniem().request_id for _ in range(50)}) == 50
    assert clean_ip("::ffff:10.0.0.8") == "10.0.0.8" and clean_ip("onzin") is None


@pytest.mark.django_db
def test_a_machine_actor_is_named_in_its_audit_row(zvh):
    row = log.system(
        actor=machine_actor("commando:rotate_field_keys", zvh_id=zvh.pk),
        event=events.VELDSLEUTEL_GEROTEERD,
        detail="0 rijen",
    )
    row = AccessLog.objects.get(pk=row.pk)
    assert row.user_id is None and row.user_display == "commando:rotate_field_keys"
    assert row.chain == f"zvh:{zvh.pk}"


def test_no_service_takes_the_http_request():
    """Services take `actor`; a task, a command and a peer node call them the same way."""
    import importlib

    offending = []
    for path in ROOT.glob("*/services.py"):
        module = importlib.import_module(f"{path.parent.name}.services")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__:
                continue
            if "request" in inspect.signature(function).parameters:
                offending.append(f"{module.__name__}.{name}")
    assert not offending


@pytest.mark.django_db
def test_middleware_builds_the_actor_of_the_current_house(client, login, zvh, make_user):
    """The actor in the audit row is the session's user with its roles in the current house."""
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    login(regisseur)
    response = client.get(reverse("aanmelding:werkvoorraad"))
    row = AccessLog.objects.filter(event_type=events.TRIAGE_WERKVOORRAAD_BEKEKEN).get()
    assert row.user_id == regisseur.pk and row.rol == "procesregisseur"
    assert row.zvh_id == zvh.pk and row.request_id == response["X-Request-ID"]
