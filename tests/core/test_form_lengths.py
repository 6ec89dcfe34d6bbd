"""Every text field of every form in Casus has a maximum length that the server enforces,
with one plain Dutch message (regression: the reason for referral accepted 104,000 characters).
"""

import importlib
import pkgutil

import pytest
from django import forms

from core.widgets import BsnField
from partners.models import Medewerker, Organisatie
from tests.aanmelding.factories import AanmeldingFactory

PROJECT_APPS = ["core", "audit", "partners", "casus", "aanmelding", "privacy", "landelijke_check"]
PROJECT_APPS += ["config"]
NOT_IMPORTED = {"migrations", "management", "wsgi", "asgi"}


def _project_form_classes():
    """Every form class defined in the project's own modules (imported here to be found)."""
    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if not NOT_IMPORTED & set(module.name.split(".")):
                importlib.import_module(module.name)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {
        f"{cls.__module__}.{cls.__qualname__}": cls
        for cls in subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS
    }


def _builders():
    """How to make each form, bound to `data`, with what its constructor needs."""
    from aanmelding import forms as af
    from audit import forms as auf
    from casus import forms as cf
    from casus import forms_acties as acf
    from casus import forms_afsluiting as afs
    from casus import forms_monitoring as mf
    from casus import forms_overleg as of
    from casus import forms_plan as plf
    from casus import forms_scores as sf
    from casus import forms_verrijking as vf
    from casus.models import AfsluitReden, Leefgebied
    from partners import forms as pf
    from tests.casus.factories import CasusFactory

    def plain(cls):
        return lambda ctx, data: cls(data)

    return {
        "aanmelding.forms.AanmeldingForm": lambda ctx, d: af.AanmeldingForm(d, zvh=ctx["zvh"]),
        "aanmelding.forms.AanvullingForm": plain(af.AanvullingForm),
        "aanmelding.forms.AfwijsredenForm": plain(af.AfwijsredenForm),
        "aanmelding.forms.AntwoordForm": plain(af.AntwoordForm),
        "aanmelding.forms.NietBevestigenForm": plain(af.NietBevestigenForm),
        "aanmelding.forms.PersoonForm": lambda ctx, d: af.PersoonForm(d, met_relatie=True),
        "aanmelding.forms.RegionaalCriteriumForm": plain(af.RegionaalCriteriumForm),
        "aanmelding.forms.TriageForm": lambda ctx, d: af.TriageForm(
            d, zvh=ctx["zvh"], aanmelding=ctx["aanmelding"]
        ),
        "aanmelding.forms.TriageInstellingForm": plain(af.TriageInstellingForm),
        "casus.forms_monitoring.MdoFilterForm": plain(mf.MdoFilterForm),
        "casus.forms_monitoring.StilstandForm": plain(mf.StilstandForm),
        "casus.forms_overleg.AanwezigheidForm": plain(of.AanwezigheidForm),
        "casus.forms_overleg.AfsprakenForm": plain(of.AfsprakenForm),
        "casus.forms_overleg.BesluitForm": plain(of.BesluitForm),
        "casus.forms_overleg.PlanForm": plain(of.PlanForm),
        "casus.forms_overleg.SessieForm": plain(of.SessieForm),
        "casus.forms_overleg.TafelForm": plain(of.TafelForm),
        "casus.forms_overleg.UitnodigingForm": plain(of.UitnodigingForm),
        "casus.forms_overleg.VerklaringForm": plain(of.VerklaringForm),
        "casus.forms_overleg.VerslagForm": plain(of.VerslagForm),
        "casus.forms_scores.PitchForm": lambda ctx, d: sf.PitchForm(
            d, gebieden=list(Leefgebied.objects.filter(zvh=ctx["zvh"]))
        ),
        "casus.forms_scores.ScoreformulierForm": lambda ctx, d: sf.ScoreformulierForm(
            d, gebieden=list(Leefgebied.objects.filter(zvh=ctx["zvh"])), schaal=[], deelnemers=[]
        ),
        "casus.forms_acties.ActieBijwerkenForm": plain(acf.ActieBijwerkenForm),
        "casus.forms_acties.TerugForm": plain(acf.TerugForm),
        "casus.forms_acties.MijnActiesFilterForm": plain(acf.MijnActiesFilterForm),
        "casus.forms_acties.EigenaarForm": lambda ctx, d: acf.EigenaarForm(
            d, kandidaten=Medewerker.objects.none()
        ),
        "casus.forms_plan.ActieForm": plain(plf.ActieForm),
        "casus.forms_plan.BesluitActiesForm": plain(plf.BesluitActiesForm),
        "casus.forms_plan.DoelForm": plain(plf.DoelForm),
        "casus.forms_afsluiting.AfsluitForm": lambda ctx, d: afs.AfsluitForm(
            d,
            doelen=[ctx["doel"]],
            redenen=AfsluitReden.objects.none(),
            ontvangers=Organisatie.objects.none(),
        ),
        "casus.forms_afsluiting.AfsluitRedenForm": plain(afs.AfsluitRedenForm),
        "casus.forms_afsluiting.HeropenForm": plain(afs.HeropenForm),
        "casus.forms_verrijking.AntwoordForm": plain(vf.AntwoordForm),
        "casus.forms_verrijking.UitvraagForm": lambda ctx, d: vf.UitvraagForm(
            d, deelnemers=Organisatie.objects.none()
        ),
        "audit.forms.InzageForm": plain(auf.InzageForm),
        "casus.forms.CasusZoekForm": lambda ctx, d: cf.CasusZoekForm(d, zvh=ctx["zvh"]),
        "casus.forms.DeelnemerForm": lambda ctx, d: cf.DeelnemerForm(
            d, casus=CasusFactory(zvh=ctx["zvh"])
        ),
        "audit.forms.PeriodeForm": plain(auf.PeriodeForm),
        "audit.forms.SignalenForm": plain(auf.SignalenForm),
        "audit.forms.ZoekForm": lambda ctx, d: auf.ZoekForm(d, zvh=ctx["zvh"]),
        "partners.forms.EmailNotificatiesForm": plain(pf.EmailNotificatiesForm),
        "partners.forms.LoginForm": lambda ctx, d: pf.LoginForm(None, data=d),
        "partners.forms.MedewerkerAanmakenForm": lambda ctx, d: pf.MedewerkerAanmakenForm(
            d, organisaties=Organisatie.objects.all()
        ),
        "partners.forms.MedewerkerGegevensForm": plain(pf.MedewerkerGegevensForm),
        "partners.forms.MedewerkerWijzigenForm": plain(pf.MedewerkerWijzigenForm),
        "partners.forms.NieuwWachtwoordForm": lambda ctx, d: pf.NieuwWachtwoordForm(ctx["user"], d),
        "partners.forms.OrganisatieForm": plain(pf.OrganisatieForm),
        "partners.forms.OrganisatieWijzigenForm": plain(pf.OrganisatieWijzigenForm),
        "partners.forms.PartnerschapBeeindigenForm": plain(pf.PartnerschapBeeindigenForm),
        "partners.forms.RolAanvraagWeigerenForm": plain(pf.RolAanvraagWeigerenForm),
        "partners.forms.RolForm": plain(pf.RolForm),
        "partners.forms.TokenForm": plain(pf.TokenForm),
        "partners.forms.WachtwoordWijzigenForm": lambda ctx, d: pf.WachtwoordWijzigenForm(
            ctx["user"], d
        ),
    }


@pytest.fixture
def ctx(zvh, make_user):
    from tests.aanmelding.factories import RegionaalCriteriumFactory
    from tests.casus.factories import DoelFactory, zrm_huis

    RegionaalCriteriumFactory(zvh=zvh)
    zrm_huis(zvh)
    aanmelding = AanmeldingFactory(zvh=zvh, ingediend=True, personen=1)
    doel = DoelFactory(plan__casus__zvh=zvh)  # the closing form has fields per goal
    return {"zvh": zvh, "user": make_user(zvh), "aanmelding": aanmelding, "doel": doel}


def _text_fields(form):
    return [
        (name, field)
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not field.disabled
    ]


def test_every_form_of_the_project_is_checked_here():
    """A new form must be added to _builders, so its text fields are checked too."""
    assert set(_project_form_classes()) == set(_builders())


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(_builders()))
def test_every_text_field_has_a_maximum_length(ctx, name):
    form = _builders()[name](ctx, None)
    unbounded = [field_name for field_name, f in _text_fields(form) if f.max_length is None]
    assert unbounded == [], f"{name}: tekstvelden zonder max_length"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(_builders()))
def test_a_too_long_text_is_refused_with_one_dutch_message(ctx, name):
    build = _builders()[name]
    fields = _text_fields(build(ctx, None))
    for field_name, field in fields:
        length = field.max_length + 1
        form = build(ctx, {field_name: "x" * length})
        assert not form.is_valid()
        if isinstance(field, BsnField):
            expected = "Een BSN heeft precies 9 cijfers."
        else:
            expected = f"Gebruik maximaal {field.max_length} tekens (u gebruikte {length})."
        assert expected in form.errors.get(field_name, []), (name, field_name, form.errors)


@pytest.mark.django_db
def test_the_reason_for_referral_of_104000_characters_is_refused(zvh, make_user, login):
    from django.urls import reverse

    from aanmelding.models import Aanmelding
    from partners.models import Rol

    client = login(make_user(zvh, Rol.KETENPARTNER))
    data = {"reden": "x" * 104_000, "persoon_geinformeerd": "nee"}
    data["niet_geinformeerd_reden"] = "Gevaar"
    response = client.post(reverse("aanmelding:nieuw"), data)
    assert response.status_code == 400
    assert "Gebruik maximaal 10000 tekens (u gebruikte 104000)." in response.content.decode()
    assert not Aanmelding.objects.exists()
