"""The plan page's action rows, written in Python (casus.rijen_plan), print exactly what the
template engine printed from the actions themselves: every column, every status, an owner by
name or by username or none, an overdue mark, a decision whose MDO is linked or only named,
the "Wijzigen" column or not, and markup in every value escaped."""

import datetime

import pytest
from django.template import engines
from django.utils import timezone

from casus import selectors_plan
from casus.models import ActieStatus, Leefgebied
from casus.rijen_plan import PlanRijen, besluiten_html
from core.roles import Rol
from tests.casus.factories import (
    ActieFactory,
    CasusFactory,
    CasusoverlegFactory,
    DoelFactory,
    PlanFactory,
    SessieFactory,
    zrm_huis,
)
from tests.conftest import actor_for
from tests.partners.factories import OrganisatieFactory

# The rows as plan.html wrote them from the action objects, before casus.rijen_plan.
REFERENTIE = """{% load i18n %}{% for a in acties %}
      <tr>
        <td class="pre">{{ a.omschrijving }}</td>
        <td>{{ a.organisatie.naam }}</td>
        <td>{% if a.eigenaar %}{{ a.eigenaar.get_full_name|default:a.eigenaar.username }}{% else %}—{% endif %}</td>
        <td>{{ a.deadline|date:"j F Y" }}{% if a.lopend and a.deadline < vandaag %} <strong>{% translate "verlopen" %}</strong>{% endif %}</td>
        <td><a href="{% url 'casus:actie' a.pk %}">{{ a.get_status_display }}<span class="visually-hidden"> – {% blocktranslate with nr=forloop.counter doel=doel_nr %}voortgang van actie {{ nr }} van doel {{ doel }}{% endblocktranslate %}</span></a></td>
        <td>{% if a.besluit %}{% if a.besluit_id in leesbaar %}<a href="{% url 'casus:overleg' a.besluit.casusoverleg_id %}">{% endif %}{{ a.besluit.casusoverleg.get_type_display }} {{ a.besluit.casusoverleg.begint_op|date:"j F Y" }}{% if a.besluit_id in leesbaar %}</a>{% endif %}{% else %}—{% endif %}</td>
        {% if mag_bewerken %}<td><a href="{% url 'casus:plan_actie' casus.pk a.pk %}" aria-label="{% blocktranslate with nr=forloop.counter doel=doel_nr %}Wijzigen: actie {{ nr }} van doel {{ doel }}{% endblocktranslate %}">{% translate "Wijzigen" %}</a></td>{% endif %}
      </tr>
    {% endfor %}"""  # noqa: E501

# The "Besluiten van de MDO's" items as plan.html wrote them from the decisions.
BESLUITEN = """{% load i18n %}{% for b in besluiten %}
    <li><span class="pre">{{ b.tekst }}</span> ({{ b.casusoverleg.get_type_display }} {{ b.casusoverleg.begint_op|date:"j F Y" }}, {{ b.eigenaar.naam }}) – <a href="{% url 'casus:plan_besluit' casus.pk b.pk %}" aria-label="{% blocktranslate with nr=forloop.counter %}Maak acties van dit besluit (besluit {{ nr }}){% endblocktranslate %}">{% translate "Maak acties van dit besluit" %}</a></li>
  {% endfor %}"""  # noqa: E501

MARKUP = "<script>alert(\"x\")</script> & 'q'"


@pytest.fixture
def plan(zvh, make_user):
    zrm_huis(zvh)
    organisatie = OrganisatieFactory(naam=f"<b>Org</b> {MARKUP}")
    andere = OrganisatieFactory(naam="GGZ")
    casus = CasusFactory(zvh=zvh, deelnemers=[organisatie, andere])
    gebieden = list(Leefgebied.objects.filter(zvh=zvh)[:1])
    plan = PlanFactory(casus=casus)
    doelen = [DoelFactory(plan=plan, leefgebieden=gebieden) for _ in range(3)]
    besluiten = [
        CasusoverlegFactory(
            sessie=SessieFactory(tafel__zvh=zvh), casus=casus, gehouden=True
        ).besluiten.create(tekst=MARKUP, eigenaar=organisatie)
        for _ in range(2)
    ]
    met_naam = make_user(zvh, Rol.KETENPARTNER, organisatie=organisatie, first_name=MARKUP)
    zonder_naam = make_user(
        zvh, Rol.KETENPARTNER, organisatie=andere, first_name="", last_name="", username="<u>"
    )
    soorten = [
        {},
        {"verlopen": True},
        {"verlopen": True, "gereed": True},
        {"niet_haalbaar": True},
        {"status": ActieStatus.IN_UITVOERING, "verlopen": True},
    ]
    for i in range(10):
        ActieFactory(
            doel=doelen[i % 2],  # the third goal has no actions
            organisatie=organisatie if i % 2 else andere,
            omschrijving=f"{MARKUP}\nregel {i}",
            eigenaar=[None, met_naam, zonder_naam][i % 3],
            besluit=[None, *besluiten][i % 3],
            deadline=timezone.localdate() + datetime.timedelta(days=i - 5),
            **soorten[i % len(soorten)],
        )
    regisseur = make_user(zvh, Rol.PROCESREGISSEUR)
    return {"casus": casus, "doelen": doelen, "besluiten": besluiten, "regisseur": regisseur}


@pytest.mark.parametrize("mag_bewerken", [True, False])
@pytest.mark.parametrize("leesbaar_nr", [(), (0,), (0, 1)])
def test_the_rows_are_the_templates_rows(plan, zvh, mag_bewerken, leesbaar_nr):
    casus, doelen = plan["casus"], plan["doelen"]
    actor = actor_for(plan["regisseur"], zvh)
    leesbaar = {plan["besluiten"][i].pk for i in leesbaar_nr}
    PlanRijen(casus, mag_bewerken=mag_bewerken).per_doel(
        doelen, list(selectors_plan.actie_rijen(actor, casus)), leesbaar
    )
    referentie = engines["django"].from_string(REFERENTIE)
    acties = list(selectors_plan.acties(actor, casus))
    for doel_nr, doel in enumerate(doelen, start=1):
        eigen = [a for a in acties if a.doel_id == doel.pk]
        verwacht = referentie.render(
            {
                "acties": eigen,
                "casus": casus,
                "doel_nr": doel_nr,
                "leesbaar": leesbaar,
                "mag_bewerken": mag_bewerken,
                "vandaag": timezone.localdate(),
            }
        )
        assert doel.plan_html == (verwacht if eigen else "")
    html = "".join(d.plan_html for d in doelen)
    assert "<script>" not in html and "<b>" not in html and "<u>" not in html
    # Ten descriptions, five organisation names, three owners' names.
    assert html.count("&lt;script&gt;") == 10 + 5 + 3
    assert "<strong>verlopen</strong>" in html and "Niet haalbaar" in html


def test_the_decisions_are_the_templates_list(plan, zvh):
    casus = plan["casus"]
    besluiten = list(selectors_plan.besluiten(actor_for(plan["regisseur"], zvh), casus))
    assert len(besluiten) == 2
    verwacht = (
        engines["django"].from_string(BESLUITEN).render({"besluiten": besluiten, "casus": casus})
    )
    html = besluiten_html(casus, besluiten)
    assert html == verwacht
    assert "<script>" not in html and "<b>" not in html and html.count("&lt;script&gt;") == 4
