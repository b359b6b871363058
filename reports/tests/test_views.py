"""The public report pages and files, as an anonymous visitor gets them."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from reports.models import ReportItem, SecretariatParticipation, StateRole
from reports.tests.factories import (
    ContributionFactory,
    ItemOrganizationFactory,
    ItemStateFactory,
    ProgramAreaFactory,
    ReportItemFactory,
)
from states.tests.factories import StateFactory

pytestmark = pytest.mark.django_db

# The report page, whatever the number of items:
REPORT_PAGE_QUERIES = [
    "the body by its acronym",
    "the body's reports of the year",
    "summaries: the items, their program areas, their states",
    "annexes 1-3: the items with their body, their organizations, their states (three each)",
    "annex 4: the contributions with their states and organizations",
    "the mandates the reports cite",
    "the figures the reports and items state (none here: nothing more to compute)",
    # (and one for what the reports say of programs without activity: none here, with no report)
]
REPORT_PAGE_QUERY_COUNT = 1 + 1 + 3 + 3 * 3 + 1 + 1 + 1


ANNEX_KINDS = [ReportItem.Kind.HIGH_LEVEL_MEETING, ReportItem.Kind.WEBINAR, ReportItem.Kind.PUBLICATION]


def _year_of_items(count):
    """``count`` items, each of the three annexes' kinds in turn, with their links."""
    body = None
    for n in range(count):
        kind = ANNEX_KINDS[n % 3]
        item = ReportItemFactory(
            **({"body": body} if body else {}),
            kind=kind,
            title=f"Meeting {n}",
            date_earliest=dt.date(2020, 3, 1) + dt.timedelta(days=n),
            secretariat_participation=(
                "" if kind == ReportItem.Kind.PUBLICATION else SecretariatParticipation.OFFICIALS
            ),
        )
        body = item.body
        ItemOrganizationFactory(item=item)
        ItemStateFactory(item=item)
        item.program_areas.add(ProgramAreaFactory())
        ContributionFactory(body=body)
    return body


@pytest.mark.parametrize("count", [3, 9])
def test_report_page_lists_annexes_in_a_fixed_number_of_queries(client, count, django_assert_num_queries):
    body = _year_of_items(count)
    with django_assert_num_queries(REPORT_PAGE_QUERY_COUNT):
        response = client.get(reverse("reports:report", args=[body.acronym, 2020]))
    assert response.status_code == 200
    assert response.content.decode().count("Meeting ") >= count
    assert "Participation of Secretariat officials" in response.content.decode()


def test_report_page_in_spanish(client):
    body = _year_of_items(1)
    response = client.get(
        reverse("reports:report", args=[body.acronym, 2020]), headers={"accept-language": "es"}
    )
    text = response.content.decode()
    assert "Anexo 1: Lista consolidada de reuniones internacionales de alto nivel" in text
    assert "Meeting 0" in text


def test_unknown_body_is_not_found(client):
    assert client.get(reverse("reports:report", args=["NOPE", 2020])).status_code == 404


def test_annex_docx_opens_and_reads_the_entries(client):
    body = _year_of_items(4)
    response = client.get(reverse("reports:annex_file", args=[body.acronym, 2020, 1, "docx"]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Annex 1: Consolidated list of high-level international meetings" in text
    assert text.index("Meeting 0.") < text.index("Meeting 3.")
    assert "*** Participation of Secretariat officials" in text


def test_full_report_pdf_is_a_pdf(client):
    body = _year_of_items(1)
    response = client.get(reverse("reports:report_file", args=[body.acronym, 2020, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_unknown_annex_or_format_is_not_found(client):
    body = _year_of_items(1)
    assert client.get(reverse("reports:annex_file", args=[body.acronym, 2020, 5, "pdf"])).status_code == 404
    assert client.get(reverse("reports:annex_file", args=[body.acronym, 2020, 1, "exe"])).status_code == 404


def test_state_page_shows_what_the_state_hosted(client):
    peru = StateFactory(iso3="PER", name_en="Peru")
    ItemStateFactory(state=peru, role=StateRole.HOST, item__title="Workshop in Lima")
    text = client.get(reverse("reports:state", args=["PER"])).content.decode()
    assert "Hosted" in text and "Workshop in Lima" in text
