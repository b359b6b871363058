"""The releases' page and their stable addresses."""

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from conventions.tests.factories import ConventionFactory, ParticipationFactory
from opendata.services import data_release_make
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    convention = ConventionFactory(code="A-66")
    return ParticipationFactory(convention=convention, state=StateFactory(iso3="MEX", iso2="MX"))


def test_every_file_of_a_release_has_its_own_address_and_is_in_its_zip(record):
    data_release_make()
    client = Client()

    response = client.get(reverse("opendata:release_zip", args=[1]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "immutable" in response["Cache-Control"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "datapackage.json" in archive.namelist()
    for name in archive.namelist():
        alone = client.get(reverse("opendata:release_file", args=[1, name]))
        assert alone.status_code == 200
        assert alone.content == archive.read(name)
    # The same release is the same bytes, whenever it is asked for.
    assert client.get(reverse("opendata:release_zip", args=[1])).content == response.content


def test_latest_leads_to_the_latest_version_s_own_address(record):
    client = Client()
    assert client.get(reverse("opendata:latest_zip")).status_code == 404

    data_release_make()
    StateFactory()
    data_release_make()

    assert client.get(reverse("opendata:latest_zip")).url == reverse("opendata:release_zip", args=[2])
    assert client.get(reverse("opendata:latest_file", args=["states.csv"])).url == reverse(
        "opendata:release_file", args=[2, "states.csv"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/releases/2/datapackage.zip",
        "/open-data/releases/1/notes.csv",
        "/open-data/releases/1/../settings.py",
        "/open-data/releases/one/datapackage.zip",
        "/open-data/releases/latest/",
    ],
)
def test_a_version_or_file_that_does_not_exist_is_not_found(record, url):
    data_release_make()

    assert Client().get(url).status_code == 404


def test_the_releases_page_shows_each_version_with_the_rows_that_changed(record, django_assert_num_queries):
    data_release_make()
    record.signature_earliest = record.signature_latest = record.signature_earliest.replace(day=4)
    record.save()
    data_release_make()

    # The releases counted for the pages, the page's releases, their files.
    with django_assert_num_queries(3):
        page = Client().get(reverse("opendata:releases")).content.decode()

    assert page.index('id="release-2"') < page.index('id="release-1"')
    changes = page[page.index('id="release-2"') : page.index('id="release-1"')]
    assert "<code>participations</code>" in changes and "<li>A-66 · MEX</li>" in changes
    assert f'href="{reverse("opendata:release_file", args=[2, "participations.csv"])}"' in page
    assert "The first version." in page[page.index('id="release-1"') :]


def test_the_releases_page_asks_as_many_queries_for_many_releases(record, django_assert_num_queries):
    for _ in range(5):
        StateFactory()
        data_release_make()

    with django_assert_num_queries(3):
        page = Client().get(reverse("opendata:releases")).content.decode()

    assert page.count('class="release"') == 5


def test_the_open_data_page_leads_to_the_latest_release_and_the_list(record):
    data_release_make()

    page = Client().get(reverse("wayfinding:open_data")).content.decode()

    assert f'href="{reverse("opendata:latest_zip")}"' in page
    assert f'href="{reverse("opendata:releases")}"' in page
