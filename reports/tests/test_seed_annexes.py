"""The CICTE annual report 2020, rebuilt from the reference files, against the report itself.

Each expected list below is copied by hand from the report's annexes (a few entries each, and
the count); the data come from fixtures/reports/. Where the report's own list is out of the
order it announces, the test expects the announced order and says where the report departs.
"""

import json

import pytest
from django.core.management import call_command
from django.utils import translation

from conventions.services import reference_data_load
from reports.selectors import annex_build, body_by_acronym

pytestmark = pytest.mark.django_db


def test_cicte_2020_annexes_from_the_reference_files(capsys):
    # Loading the reference record takes seconds: load it once and check every annex.
    reference_data_load()
    cicte = body_by_acronym("CICTE")
    check_annex_1_high_level_meetings(cicte)
    check_annex_2_webinars_in_the_reports_order(cicte)
    check_annex_3_publications_with_languages_and_links(cicte)
    check_annex_4_donors_and_partners(cicte)
    check_command_prints_json_in_the_annexs_order(capsys)
    check_spanish_annex_keeps_the_reports_titles(cicte)


def annex_titles(body, number):
    return [entry.title for entry in annex_build(body, 2020, number).entries]


def check_annex_1_high_level_meetings(cicte):
    titles = annex_titles(cicte, 1)
    assert len(titles) == 14
    assert titles[:4] == [
        "III Hemispheric Ministerial Conference on Combating Terrorism",
        "Visit of policymakers from OAS Member States",
        "Second Substantive Session of the United Nations Open-ended Working Group (OWEG)",
        'International Conference "Cybersecurity, emerging technologies and 5G networks"',
    ]
    # The report lists the GAFILAT plenaries (from June 17) after the Virtual Week of July 10,
    # and the Coast Guard meeting (from October 26) after the webinar of October 27; in
    # chronological order they come before.
    assert titles[5:7] == ["GAFILAT Virtual Plenaries", "Virtual Week against Terrorism - 2020"]
    assert titles[9:11] == [
        "Coast Guard Virtual Regional Meeting",
        'Expert Webinar on "Maritime Security and the fight against Terrorism"',
    ]
    assert titles[-1].startswith("United Nations Counter-Terrorism Committee Virtual Open Briefing")
    markers = [entry.marker for entry in annex_build(cicte, 2020, 1).entries]
    assert markers.count("*") == 4 and markers.count("**") == 1 and markers.count("***") == 9


def check_annex_2_webinars_in_the_reports_order(cicte):
    titles = annex_titles(cicte, 2)
    assert len(titles) == 20
    assert titles[0] == 'Webinar "Telework - How to protect sensitive information and your digital life?"'
    # Two on April 8: they keep the order they were entered in, which is the report's.
    assert titles[2:4] == [
        'Webinar "How to stay protected on social networks and have control of our security?"',
        'Webinar "Tourism security in times of COVID-19"',
    ]
    assert titles[14] == 'Virtual Dialogue "Prevention of violent extremism"'
    assert titles[-1] == 'Webinar "Cybersecurity for Women"'


def check_annex_3_publications_with_languages_and_links(cicte):
    entries = annex_build(cicte, 2020, 3).entries
    assert [entry.title for entry in entries] == [
        "Cybersecurity Report 2020 - Risks, Progress and the Way Forward in Latin America and the Caribbean",
        "Cybersecurity Considerations of the Democratic Process for Latin America and the Caribbean",
        "Cybersecurity Capacity Review Federative Republic of Brazil",
        "Cybersecurity education - Planning for the Future Through Workforce Development",
        "State of Cybersecurity in the Colombian Financial System",
    ]
    assert entries[3].languages == ("en", "es", "fr", "pt")
    assert entries[4].link.startswith("https://www.asobancaria.com/")


def check_annex_4_donors_and_partners(cicte):
    annex = annex_build(cicte, 2020, 4)
    groups = {group.heading: [(e.title, e.marker) for e in group.entries] for group in annex.groups}
    assert len(annex.entries) == 54
    assert list(groups) == [
        "Member States",
        "Permanent Observers",
        "International organizations, regional bodies, and international forums",
        "Academic sector",
        "Private sector",
        "Civil Society",
        "Others",
    ]
    # The report prints Colombia before Chile; alphabetically Chile comes first.
    assert groups["Member States"][:3] == [("Canada", "*"), ("Chile", "*"), ("Colombia", "*")]
    assert groups["Permanent Observers"] == [
        ("Estonia", "*"),
        ("European Union", "*"),
        ("Israel", ""),
        ("Spain", ""),
        ("The Netherlands", "*"),
        ("United Kingdom", "*"),
    ]
    assert len(groups["International organizations, regional bodies, and international forums"]) == 22
    # The report prints Cisco after Citi Foundation, and Oxford before the National Consortium.
    assert [title for title, _m in groups["Private sector"]][2:5] == [
        "Cisco Systems inc.",
        "Citi Banamex",
        "Citi Foundation",
    ]
    assert ("Citi Foundation", "*") in groups["Private sector"]
    assert groups["Others"] == [("Parliamentarians for Global Action (PGA)", "")]


def check_command_prints_json_in_the_annexs_order(capsys):
    call_command("report_annex", "CICTE", "2020", "--annex", "1", "--format", "json")
    entries = json.loads(capsys.readouterr().out)
    assert entries[0] == {
        **entries[0],
        "title": "III Hemispheric Ministerial Conference on Combating Terrorism",
        "date": "2020-01-19/2020-01-20",
        "marker": "*",
    }
    assert entries[4]["date"] == "June-December 2020"


def check_spanish_annex_keeps_the_reports_titles(cicte):
    with translation.override("es"):
        annex = annex_build(cicte, 2020, 1)
    assert annex.title == "Lista consolidada de reuniones internacionales de alto nivel"
    assert annex.entries[0].title == "III Hemispheric Ministerial Conference on Combating Terrorism"
    assert annex.entries[0].when == "19-20 de enero de 2020"
