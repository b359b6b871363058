"""The OpenAPI schema: valid, without warnings, served with its UI from our own static files."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.drainage import GENERATOR_STATS

from api.serializers import (
    ConventionDetailSerializer,
    MySubmissionDetailSerializer,
    StateConventionSerializer,
    StateRecordSerializer,
    TreatyStatusDocumentSerializer,
)
from conventions.selectors import treaty_status_as_of
from conventions.status_export import treaty_status_document


def test_the_schema_validates_without_warnings(tmp_path, capsys):
    GENERATOR_STATS.reset()

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert "Warning" not in capsys.readouterr().err
    schema = yaml.safe_load((tmp_path / "schema.yml").read_text())
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/conventions/",
        "/api/conventions/{code}/",
        "/api/conventions/{code}/status/",
        "/api/changes/",
        "/api/conventions/{code}/entry-into-force/",
        "/api/states/",
        "/api/states/{iso3}/",
        "/api/my/submissions/",
        "/api/my/submissions/{id}/",
    }


@pytest.mark.django_db
def test_anyone_may_read_the_schema(anonymous):
    response = anonymous.get(reverse("api:schema"), headers={"accept": "application/json"})

    assert response.status_code == 200
    schema = response.json()
    status = schema["paths"]["/api/conventions/{code}/status/"]["get"]
    assert {p["name"] for p in status["parameters"]} == {"code", "as_of"}
    assert set(status["responses"]) == {"200", "400", "404", "429"}
    states = schema["paths"]["/api/states/"]["get"]
    assert {p["name"] for p in states["parameters"]} == {"page", "page_size", "subregion", "standing", "q"}
    # Public endpoints need no sign-in; a liaison's own submissions do.
    assert {} in status["security"]
    assert schema["paths"]["/api/my/submissions/"]["get"]["security"] == [{"cookieAuth": []}]


@pytest.mark.django_db
def test_the_docs_page_loads_nothing_from_outside(anonymous):
    response = anonymous.get(reverse("api:docs"))

    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any("swagger-ui-bundle.js" in source for source in sources)
    assert all(source.startswith("/") for source in sources), sources
    assert "cdn" not in page
    # Nor sends the schema out to be checked; the settings come in a script of our own, not
    # inline (the Content-Security-Policy allows no inline script).
    script = anonymous.get(reverse("api:docs") + "?script")
    assert script["Content-Type"] == "application/javascript"
    assert '"validatorUrl": null' in script.content.decode()


@pytest.mark.django_db
def test_the_documented_status_is_the_exported_one(record):
    """The schema declares the status document's fields; they must be the ones the export writes."""
    document = treaty_status_document(
        treaty_status_as_of(record["convention"], record["convention"].adopted_on)
    )
    declared = TreatyStatusDocumentSerializer()

    assert list(declared.fields) == list(document)
    assert set(declared.fields["entry_into_force"].fields) == set(document["entry_into_force"])
    assert set(declared.fields["states"].child.fields) == set(document["states"][0])


@pytest.mark.django_db
def test_the_documented_state_record_is_what_it_returns(anonymous, record):
    body = anonymous.get(reverse("api:state-detail", kwargs={"iso3": "PTY"})).json()

    assert set(StateRecordSerializer().fields) == set(body)
    assert set(StateConventionSerializer().fields) == set(body["conventions"][0])
    detail = anonymous.get(reverse("api:convention-detail", kwargs={"code": "T-1"})).json()
    assert set(ConventionDetailSerializer().fields) == set(detail)


@pytest.mark.django_db
def test_the_documented_submission_is_what_it_returns(anonymous, cast):
    anonymous.force_login(cast["liaison"])
    body = anonymous.get(reverse("api:my-submission-detail", kwargs={"pk": cast["accepted"].pk})).json()

    assert set(MySubmissionDetailSerializer().fields) == set(body)
