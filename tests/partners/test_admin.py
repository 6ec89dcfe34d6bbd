"""The Django admin: not routed unless ADMIN_ENABLED, never lists second-factor devices, and
every write (add, change, password, delete, bulk delete) is in the chained access log of the
house concerned."""

import base64
import importlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib import admin
from django.urls import clear_url_caches, reverse
from django_otp.models import Device

from audit.models import AccessLog
from partners.models import AuthenticatorDevice, Medewerker, Rol, RolToewijzing, Zvh
from tests.casus.factories import ThemaFactory
from tests.partners.factories import ZvhFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def superuser(make_user, zvh, login):
    user = make_user(zvh, Rol.FUNCTIONEEL_BEHEERDER, is_superuser=True, is_staff=True)
    login(user)
    return user


def admin_rows(event):
    return AccessLog.objects.filter(event_type=event)


@pytest.fixture
def reload_urls(settings):
    """Rebuild the URL configuration under the test's settings, and restore it afterwards."""
    import config.urls

    def reload():
        clear_url_caches()
        importlib.reload(config.urls)

    yield reload
    settings.ADMIN_ENABLED = True
    reload()


def test_admin_is_not_routed_when_disabled(client, superuser, settings, reload_urls):
    settings.ADMIN_ENABLED = False
    reload_urls()
    assert client.get("/admin/").status_code == 404
    assert client.get("/admin/partners/zvh/").status_code == 404
    assert client.get("/admin/login/").status_code == 404
    settings.ADMIN_ENABLED = True
    reload_urls()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"DEBUG": "0"}, "False"),
        ({"DEBUG": "1"}, "True"),
        ({"DEBUG": "0", "ADMIN_ENABLED": "1"}, "True"),
    ],
)
def test_admin_enabled_defaults_to_debug(environment, expected):
    def key():
        return base64.b64encode(secrets.token_bytes(32)).decode()

    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": key(),
        "BLIND_INDEX_KEY": key(),
        "AUDIT_HMAC_KEY": key(),
        "LANDELIJKE_CHECK_KEY": key(),
        "ALLOWED_HOSTS": "casus.example.nl",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.ADMIN_ENABLED)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected


def test_admin_never_lists_second_factor_devices(client, superuser):
    assert not [m for m in admin.site._registry if issubclass(m, Device)]
    index = client.get("/admin/").content.decode()
    assert "otp_totp" not in index and "otp_static" not in index
    assert "authenticatordevice" not in index
    for url in (
        "/admin/otp_totp/totpdevice/",
        "/admin/otp_static/staticdevice/",
        "/admin/partners/authenticatordevice/",
        "/admin/partners/backupcodedevice/",
    ):
        assert client.get(url).status_code == 404, url
    # Devices are not reachable through a user's page either.
    AuthenticatorDevice.objects.create(user=superuser, name="app")
    page = client.get(f"/admin/partners/medewerker/{superuser.pk}/change/").content.decode()
    assert all(d.seed not in page for d in AuthenticatorDevice.objects.filter(user=superuser))


def test_every_registered_admin_is_audited():
    from partners.admin_site import AuditedAdminMixin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, AuditedAdminMixin), model


def test_admin_change_of_a_house_object_goes_to_that_house(client, superuser, zvh):
    elders = ZvhFactory()
    thema = ThemaFactory(zvh=elders)
    response = client.post(
        f"/admin/casus/thema/{thema.pk}/change/",
        {"naam": "Nieuw thema", "code": thema.code, "zvh": elders.pk, "actief": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row = admin_rows("admin_gewijzigd").get()
    assert row.chain == f"zvh:{elders.pk}" and row.user_id == superuser.pk
    assert row.object_type == "casus.thema" and row.object_id == str(thema.pk)


def test_admin_addition_of_a_house_goes_to_its_own_chain(client, superuser):
    response = client.post(
        "/admin/partners/zvh/add/",
        {"naam": "Nieuw Huis", "code": "nieuw-huis", "actief": "on", "stilstand_weken": "6"},
    )
    assert response.status_code == 302
    nieuw = Zvh.objects.get(code="nieuw-huis")
    assert admin_rows("admin_toegevoegd").get().chain == f"zvh:{nieuw.pk}"


def test_admin_role_grant_on_an_account_goes_to_every_house_of_it(
    client, superuser, make_user, zvh
):
    ander = ZvhFactory()
    mw = make_user(zvh, Rol.PROCESREGISSEUR)
    RolToewijzing.objects.create(medewerker=mw, zvh=ander, rol=Rol.MANAGER)
    response = client.post(
        f"/admin/partners/medewerker/{mw.pk}/password/",
        {"password1": "een-heel-nieuw-wachtwoord", "password2": "een-heel-nieuw-wachtwoord"},
    )
    assert response.status_code == 302
    rows = admin_rows("admin_gewijzigd").filter(user_id=mw.pk)
    assert {r.chain for r in rows} == {f"zvh:{zvh.pk}", f"zvh:{ander.pk}"}


def test_admin_write_without_a_house_goes_to_the_system_chain(client, superuser):
    response = client.post("/admin/auth/group/add/", {"name": "losse groep"})
    assert response.status_code == 302
    assert admin_rows("admin_toegevoegd").get().chain == "systeem"


def test_admin_bulk_delete_is_audited_per_object(client, superuser, zvh):
    elders = ZvhFactory()
    themas = [ThemaFactory(zvh=zvh), ThemaFactory(zvh=elders)]
    response = client.post(
        "/admin/casus/thema/",
        {
            "action": "delete_selected",
            "_selected_action": [t.pk for t in themas],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    rows = admin_rows("admin_verwijderd")
    assert sorted((r.chain, r.object_id) for r in rows) == sorted(
        (f"zvh:{t.zvh_id}", str(t.pk)) for t in themas
    )


def test_admin_single_delete_of_an_account_is_audited(client, superuser, make_user, zvh):
    mw = make_user(zvh, Rol.KETENPARTNER)
    RolToewijzing.objects.filter(medewerker=mw).delete()
    response = client.post(f"/admin/partners/medewerker/{mw.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Medewerker.objects.filter(pk=mw.pk).exists()
    row = admin_rows("admin_verwijderd").get()
    assert row.chain == "systeem" and row.user_id == mw.pk


def test_admin_requires_a_verified_second_factor(client, make_user, zvh):
    user = make_user(zvh, is_superuser=True, is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
