"""The admin is the secretariat's tool: named as the record is, in the reader's language."""

import pytest

from states.tests.factories import SecretariatStaffFactory
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
