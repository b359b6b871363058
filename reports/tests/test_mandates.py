"""Mandates: what the meetings, reports and programs rest on, and a public page for each."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from reports.models import Mandate, MandateCitation
from reports.tests.factories import MeetingFactory, ProgramAreaFactory

pytestmark = pytest.mark.django_db

# Each mandate as the five source documents cite it, and the symbol the record files it under.
CITED_IN_THE_SOURCES = {
    "Meeting of Consultation report (2022): “Permanent Council resolution CP/RES. 1200 (2384/22)”": "CP/RES. 1200 (2384/22)",
    "Meeting of Consultation report (2022): “draft Declaration (RCEPTER/DEC. 1/22)”": "RCEPTER/DEC. 1/22",
    "CICTE annual report 2020: “[AG/DEC. 101 (XLIX-O/19)]”": "AG/DEC. 101 (XLIX-O/19)",
    "CICTE annual report 2020 and 2016 work-plan report: “resolution 1540 (2004)”": "S/RES/1540 (2004)",
    "2016 work-plan report: “the adoption of resolution 2325 (2016)”": "S/RES/2325 (2016)",
    "CIFTA pro tempore report: “resolution AG/RES. 2950 (L-O/20)”": "AG/RES. 2950 (L-O/20)",
    "CIFTA pro tempore report: “resolution AG/RES 2907 of 2017”": "AG/RES. 2907",
    "CIFTA pro tempore report: “resolution CP/RES. 1152 (2282/20)”": "CP/RES. 1152 (2282/20)",
    "CIFTA pro tempore report: “CP/RES. 1162 of November 18, 2020”": "CP/RES. 1162",
}  # fmt: skip


def test_every_mandate_the_sources_cite_is_in_the_reference_record(reference_record):
    held = set(Mandate.objects.values_list("symbol", flat=True))

    assert set(CITED_IN_THE_SOURCES.values()) <= held
    # The Course of Action has no symbol: it is found by its title.
    assert Mandate.objects.filter(title__contains="2018-2022 Course of Action").exists()


def test_a_mandate_page_lists_what_rests_on_it_with_the_source_s_words(client, reference_record):
    html = client.get(reverse("reports:mandate", args=["ag-res-2950-l-o-20"])).content.decode()

    assert "Advancing Hemispheric Security: A Multidimensional Approach" in html
    assert "OAS General Assembly" in html
    meeting, report = (
        html.index("Twentieth Regular Meeting of the Consultative Committee"),
        html.index("paragraph 109"),
    )
    assert meeting < report  # meetings first, then reports


def test_meeting_and_report_pages_link_to_their_mandates(client, reference_record):
    postponed = reverse("reports:mandate", args=["cp-res-1152-2282-20"])
    meeting = client.get(reverse("reports:meeting", args=["cifta-cc-rm-20"])).content.decode()
    report = client.get(reverse("reports:report", args=["CIFTA-CC", 2020])).content.decode()
    adopted = client.get(reverse("reports:meeting", args=["rcepter-1"])).content.decode()

    assert postponed in meeting and "Postponed the meeting" in meeting
    assert reverse("reports:mandate", args=["cifta-course-of-action-2018-2022"]) in report
    assert reverse("reports:mandate", args=["rcepter-dec-1-22"]) in adopted


def test_the_mandate_list_counts_the_records_that_cite_each(client, reference_record):
    html = client.get(reverse("reports:mandates")).content.decode()
    row = html[html.index('id="mandate-ag-dec-101-xlix-o-19"') :]

    assert "2 records" in row[: row.index("</tr>")]  # the Permanent Council meeting and the video


def test_a_citation_names_exactly_one_record():
    mandate = Mandate.objects.create(code="m", symbol="AG/RES. 1", kind="resolution", title="t", source="s")
    meeting, program_area = MeetingFactory(), ProgramAreaFactory()

    for citing in ({}, {"meeting": meeting, "program_area": program_area}):
        with pytest.raises(IntegrityError), transaction.atomic():
            MandateCitation.objects.create(mandate=mandate, **citing)
    MandateCitation.objects.create(mandate=mandate, meeting=meeting)
    with pytest.raises(IntegrityError), transaction.atomic():
        MandateCitation.objects.create(mandate=mandate, meeting=meeting)


def test_an_organ_and_a_body_cannot_both_have_adopted_a_mandate():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            code="m",
            kind="resolution",
            issuer="oas_general_assembly",
            body=meeting.body,
            title="t",
            source="s",
        )


@pytest.mark.parametrize("count", [2, 10])
def test_mandate_pages_take_the_same_queries_whatever_the_citations(client, count, django_assert_num_queries):
    mandate = Mandate.objects.create(code="m", symbol="AG/RES. 1", kind="resolution", title="t", source="s")
    for _n in range(count):
        MandateCitation.objects.create(mandate=mandate, meeting=MeetingFactory(number=None))
        Mandate.objects.create(code=f"other-{_n}", kind="plan", title=f"Plan {_n}", source="s")

    with django_assert_num_queries(2):  # the mandate with its body and meeting; its citations
        page = client.get(mandate.get_absolute_url())
    with django_assert_num_queries(1):
        listing = client.get(reverse("reports:mandates"))

    assert page.content.decode().count('href="/reports/meetings/') == count
    assert listing.content.decode().count('<tr id="mandate-') == Mandate.objects.count()


def test_an_unknown_mandate_is_not_found(client):
    assert client.get(reverse("reports:mandate", args=["no-such-mandate"])).status_code == 404
