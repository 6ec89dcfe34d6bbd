"""The favicon: a real icon on every page, and /favicon.ico answered without the database."""

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from audit.models import AccessLog


@pytest.mark.django_db
def test_favicon_ico_is_an_icon_served_without_session_or_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_favicon_request_writes_no_audit_row(client):
    before = AccessLog.objects.count()
    assert client.get("/favicon.ico").status_code == 200
    assert AccessLog.objects.count() == before


@pytest.mark.django_db
def test_every_page_links_the_svg_and_ico_favicons(client):
    html = client.get(reverse("partners:login")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    svg = finders.find("favicon.svg")
    assert svg is not None
    with open(svg, encoding="utf-8") as icon:
        assert icon.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')
