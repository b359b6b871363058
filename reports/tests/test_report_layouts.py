"""A report's page follows the kind of report the body published, on the reference record."""

import datetime as dt
import io

import pytest
from django.db import IntegrityError
from django.urls import reverse
from docx import Document

from conventions.selectors import treaty_status_as_of
from reports.models import ProgramArea, ProgramYearNote, Report

pytestmark = pytest.mark.django_db


def _page(client, body, year):
    response = client.get(reverse("reports:report", args=[body, year]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_annual_report_keeps_its_four_annexes(client, reference_record):
    html = _page(client, "CICTE", 2020)

    assert all(f'id="annex-{number}"' in html for number in (1, 2, 3, 4))
    assert "Summary by program area" in html


def test_the_work_plan_report_is_laid_out_by_section_without_annexes(client, reference_record):
    html = _page(client, "CICTE", 2016)

    assert 'id="annex-1"' not in html
    assert "Summary by section" in html
    assert '<h3 class="report-section">Counter-Terrorism Policy Section</h3>' in html


def test_the_pro_tempore_report_covers_its_own_term(client, reference_record):
    html = _page(client, "CIFTA-CC", 2020)

    assert 'id="annex-1"' not in html
    assert "The activities of 2019 to 2020, the term the report covers." in html
    # Its two meetings of November 2019 are the report's, beside the one of 2020 and the working
    # group it dates only by the term.
    assert "4 activities:" in html and "Other meeting or event (4)" in html
    assert "Download the summaries:" in html


def test_a_report_without_annexes_downloads_its_summaries(client, reference_record):
    response = client.get(reverse("reports:report_file", args=["CIFTA-CC", 2020, "docx"]))

    assert response.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs)
    assert "CIFTA-CC 2020: report summaries" in text and "Annex 1" not in text
    assert client.get(reverse("reports:report_file", args=["CIFTA-CC", 2020, "pdf"])).status_code == 200


def test_programs_without_activity_or_funding_are_reported_with_the_document_s_reason(
    client, reference_record
):
    html = _page(client, "CICTE", 2020)
    aviation = html[html.index("<h3>Aviation security</h3>") :]
    supply_chain = html[html.index("<h3>Supply Chain Security / Authorized Economic Operator</h3>") :]

    assert aviation.index("No activity of its own and no funding in this period.") < aviation.index("<h3>", 1)
    assert "did not implement activities during 2020 due to lack of funding" in aviation
    # Without funding, it still ran two webinars with the other border programs.
    assert supply_chain.index("No funding in this period.") < supply_chain.index("2 activities")


def test_a_note_on_a_program_says_what_it_lacked(reference_record):
    report = Report.objects.get(body__acronym="CICTE", year=2016)
    with pytest.raises(IntegrityError):
        ProgramYearNote.objects.create(
            report=report, program_area=ProgramArea.objects.get(code="maritime"), reason="Nothing said."
        )


def test_an_annual_report_shows_its_conventions_since_the_last_report(client, reference_record):
    html = client.get(reverse("reports:report", args=["CICTE", 2020])).content.decode()

    section = html[html.index('id="treaty-changes"') :]
    # No earlier annual report in the record: from the start of 2020 to the approval, 2021-10-08.
    assert "from 2020-01-01 to 2021-10-08" in section
    figures = section[section.index('id="since-report-figures-A-66"') :]
    # A-66 on 2019-12-31 and on 2021-10-08, as its status table gives them.
    for day in ("2019-12-31", "2021-10-08"):
        table = treaty_status_as_of("A-66", dt.date.fromisoformat(day))
        assert f'<td class="number">{table.parties}</td>' in figures
    # A work-plan report has no such section.
    assert (
        'id="treaty-changes"'
        not in client.get(reverse("reports:report", args=["CICTE", 2016])).content.decode()
    )
