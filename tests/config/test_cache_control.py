"""Pages are never stored by a browser or proxy; static files stay cacheable."""

from django.urls import reverse

from core.roles import Rol


def test_authenticated_pages_send_no_store(client, make_user, zvh, login):
    login(make_user(zvh, Rol.PROCESREGISSEUR))
    for url in (reverse("home"), reverse("aanmelding:werkvoorraad")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_denied_and_not_found_pages_send_no_store(client, make_user, zvh, login):
    login(make_user(zvh, Rol.MANAGER))
    response = client.get(reverse("aanmelding:werkvoorraad"))
    assert response.status_code in (403, 404)
    assert "no-store" in response["Cache-Control"]


def test_login_page_sends_no_store(client, db):
    response = client.get(reverse("partners:login"))
    assert "no-store" in response["Cache-Control"]


def test_static_files_stay_cacheable(client, db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # serve from the source tree, no collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/casus.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
