"""A report's page follows the kind of report the body published, on the reference record."""

import io

import pytest
from django.urls import reverse
from docx import Document

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
    # Its two meetings of November 2019 are the report's, beside the one of 2020.
    assert "3 activities:" in html and "Other meeting or event (3)" in html
    assert "Download the summaries:" in html


def test_a_report_without_annexes_downloads_its_summaries(client, reference_record):
    response = client.get(reverse("reports:report_file", args=["CIFTA-CC", 2020, "docx"]))

    assert response.status_code == 200
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(response.content)).paragraphs)
    assert "CIFTA-CC 2020: report summaries" in text and "Annex 1" not in text
    assert client.get(reverse("reports:report_file", args=["CIFTA-CC", 2020, "pdf"])).status_code == 200
