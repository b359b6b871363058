"""The admin is the secretariat's tool: named as the record is, in the reader's language."""

import datetime as dt

import pytest
from django.contrib.admin import site

from conventions.tests.factories import ConventionFactory
from states.tests.factories import SecretariatStaffFactory
from tracker.admin_site import APP_ORDER
from tracker.tests.admin_pages import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Inter-American treaty record"),
        ("es", "Registro de tratados interamericanos"),
        ("fr", "Registre des traités interaméricains"),
        ("pt", "Registro de tratados interamericanos"),
    ],
)
def test_the_admin_is_named_as_the_record_in_the_readers_language(language, name):
    staff = signed_in(SecretariatStaffFactory())

    page = staff.get("/admin/", headers={"accept-language": language}).content.decode()

    assert f'<div id="site-name"><a href="/admin/">{name}</a></div>' in page
    assert f"| {name}</title>" in page
    assert "Django" not in page.split("<body", 1)[1].split("</header>", 1)[0]


def test_the_treaty_record_comes_first_on_the_admin_index():
    staff = signed_in(SecretariatStaffFactory())

    apps = [app["app_label"] for app in staff.get("/admin/").context["app_list"]]

    assert apps[:6] == ["conventions", "states", "questionnaires", "reports", "reminders", "notifications"]
    assert len(apps) > 6  # the rest follow


def test_every_model_in_the_admin_is_named_in_the_plural_written_for_it():
    # Without its own plural Django adds an "s" to the translated name: "Ciclo de informess".
    ours = [model for model in site._registry if model._meta.app_label in APP_ORDER + ["imports", "outbox"]]

    assert [model.__name__ for model in ours if "verbose_name_plural" not in model._meta.original_attrs] == []


@pytest.mark.parametrize(
    ("language", "plural"),
    [("es", "Ciclos de informes"), ("fr", "Cycles de rapports"), ("pt", "Ciclos de relatórios")],
)
def test_the_admin_index_writes_plurals_in_the_readers_language(language, plural):
    staff = signed_in(SecretariatStaffFactory())

    page = staff.get("/admin/", headers={"accept-language": language}).content.decode()

    assert f">{plural}</a>" in page


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_the_admin_writes_dates_year_month_day_in_every_language(language):
    ConventionFactory(code="A-66", adopted_on=dt.date(2002, 6, 3))
    staff = signed_in(SecretariatStaffFactory())

    page = staff.get("/admin/conventions/convention/", headers={"accept-language": language}).content.decode()

    assert '<td class="field-adopted_on nowrap">2002-06-03</td>' in page
