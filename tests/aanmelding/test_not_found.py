"""An object the user may not see answers 404 with the same page whether it exists in the
user's own house or in another one (or not at all): existence and counts never leak. Each such
answer is still an audited denial."""

import re
import uuid

import pytest
from django.urls import reverse

from audit import events
from audit.models import AccessLog
from partners.models import Rol
from tests.aanmelding.factories import AanmeldingFactory
from tests.casus.factories import CasusFactory, PersoonFactory

pytestmark = pytest.mark.django_db

AANMELDING_VIEWS = ["aanmelding:detail", "aanmelding:wijzigen", "aanmelding:triage"]
# Views that take POST only.
AANMELDING_POSTS = [
    "aanmelding:persoon_toevoegen",
    "aanmelding:verwijderen",
    "aanmelding:indienen",
    "aanmelding:aanvullen",
    "aanmelding:beantwoorden",
    "aanmelding:bevestigen",
    "aanmelding:niet_bevestigen",
]


def _page(response):
    """The page without its CSRF token, which is masked afresh in every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _same_404(client, user, urls, method="get"):
    """Every url answers 404 with one and the same page, and each answer is audited."""
    before = AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD, user_id=user.pk).count()
    responses = [getattr(client, method)(url) for url in urls]
    assert [r.status_code for r in responses] == [404] * len(urls), urls
    bodies = {_page(r) for r in responses}
    assert len(bodies) == 1, urls
    after = AccessLog.objects.filter(event_type=events.TOEGANG_GEWEIGERD, user_id=user.pk).count()
    assert after - before == len(urls)


@pytest.mark.parametrize(
    ("view", "method"),
    [(v, "get") for v in AANMELDING_VIEWS] + [(v, "post") for v in AANMELDING_POSTS],
)
@pytest.mark.parametrize("rol", [Rol.KETENPARTNER, Rol.MANAGER, Rol.PRIVACY_OFFICER])
def test_referral_of_another_organisation_looks_like_one_that_does_not_exist(
    client, login, make_user, zvh, other_zvh, view, method, rol
):
    user = make_user(zvh, rol)
    login(user)
    hier = AanmeldingFactory(zvh=zvh, ingediend=True)  # another organisation, same house
    elders = AanmeldingFactory(zvh=other_zvh, ingediend=True)
    urls = [reverse(view, args=[pk]) for pk in (hier.pk, elders.pk, uuid.uuid4())]
    _same_404(client, user, urls, method)


def test_a_procesregisseur_does_not_learn_of_partners_drafts(
    client, login, make_user, zvh, other_zvh
):
    user = make_user(zvh, Rol.PROCESREGISSEUR)
    login(user)
    concept = AanmeldingFactory(zvh=zvh)
    elders = AanmeldingFactory(zvh=other_zvh)
    for view in ("aanmelding:detail", "aanmelding:triage"):
        urls = [reverse(view, args=[pk]) for pk in (concept.pk, elders.pk, uuid.uuid4())]
        _same_404(client, user, urls)


def test_casus_and_person_without_access_look_like_ones_that_do_not_exist(
    client, login, make_user, zvh, other_zvh
):
    user = make_user(zvh, Rol.KETENPARTNER)
    login(user)
    casussen = [CasusFactory(zvh=zvh).pk, CasusFactory(zvh=other_zvh).pk, uuid.uuid4()]
    _same_404(client, user, [reverse("casus:casus", args=[pk]) for pk in casussen])
    personen = [PersoonFactory(zvh=zvh).pk, PersoonFactory(zvh=other_zvh).pk, uuid.uuid4()]
    _same_404(client, user, [reverse("casus:persoon", args=[pk]) for pk in personen])


def test_audit_row_of_another_house_looks_like_one_that_does_not_exist(
    client, login, make_user, zvh, other_zvh
):
    officer = make_user(zvh, Rol.PRIVACY_OFFICER)
    elders = make_user(other_zvh, Rol.PROCESREGISSEUR)
    login(elders)
    client.get(reverse("home"))
    row = AccessLog.objects.filter(zvh_id=other_zvh.pk).order_by("-pk").first()
    assert row is not None
    login(officer)
    missing = AccessLog.objects.order_by("-pk").first().pk + 1000
    _same_404(client, officer, [reverse("audit:regel", args=[pk]) for pk in (row.pk, missing)])
