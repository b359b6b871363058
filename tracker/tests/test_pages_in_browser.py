"""Every public and liaison page in Chromium, in the four languages, on a desktop and on a phone.

The pages are those of the access walk (test_access_walk.py) that anonymous visitors, or state
A's liaison, may read, so a page added to the site is checked here without being listed again.
Each page, in en, es, fr and pt, at 1280 and 390 px wide, must:

- name its language in ``<html lang>`` (screen readers choose their voice from it);
- not scroll sideways on the phone (wide tables scroll inside their own frame);
- have no serious or critical violation of WCAG 2.2 AA that axe-core finds (axe-core comes from
  the npm registry: `npm ci` installs node_modules/, as .ci/run does).

Every violation axe reports, of any impact, is counted per group of pages and written to
$BROWSER_SCREENSHOTS/axe-summary.json for the release note. BROWSER_PAGE_SHOTS=1 also saves
a screenshot of every page there.
"""

import json
import os
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from dashboards.tests.test_browser import BROWSER_TEST_MARKS, PASSWORD, PHONE, SCREENSHOTS
from questionnaires.forms import answer_field_name
from questionnaires.models import Submission
from questionnaires.tests.factories import QuestionFactory, ReportingCycleFactory, SubmissionFactory
from questionnaires.workflow import SubmissionStatus
from reports.models import Report
from states.models import State
from states.tests.factories import LiaisonFactory
from tracker.tests.test_access_walk import OK, Record, walk

pytestmark = BROWSER_TEST_MARKS

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}
LANGUAGES = [code for code, _name in settings.LANGUAGES]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": PHONE}
SAVE_SHOTS = os.environ.get("BROWSER_PAGE_SHOTS") == "1"
# Pages reached through a link mailed to someone speak her language, whatever the browser's:
# the walk's subscriber and contact read English.
ADDRESSEE_LANGUAGE = {"notifications:confirm", "notifications:unsubscribe", "reminders:unsubscribe"}
ADDRESSEE = "en"
# Pages whose content a script draws after loading, with what shows once it has.
DRAWN_BY_SCRIPT = {"api:docs": ".swagger-ui .info .title"}
# Rules not held against a page, with why; their violations are still counted.
AXE_EXCEPTIONS = {
    # Swagger UI draws each operation as a button holding its copy-link button; its markup is
    # the library's, and every control in it still works from the keyboard.
    "api:docs": {"nested-interactive"},
}

# The elements wider than the phone's screen, outermost first, as "tag#id.class (width px)".
_OVERFLOWING = """
() => {
  const limit = document.documentElement.clientWidth;
  const wide = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right <= limit + 1 || box.width === 0) continue;
    // Inside a frame that scrolls on its own, an element may be as wide as it likes.
    let frame = element.parentElement, contained = false;
    while (frame && frame !== document.body) {
      const overflow = getComputedStyle(frame).overflowX;
      if ((overflow === "auto" || overflow === "scroll" || overflow === "hidden")
          && frame.getBoundingClientRect().right <= limit + 1) { contained = true; break; }
      frame = frame.parentElement;
    }
    if (contained) continue;
    if (wide.some((outer) => outer.element.contains(element))) continue;
    wide.push({element, right: Math.round(box.right)});
  }
  return wide.slice(0, 8).map(({element, right}) =>
    element.tagName.toLowerCase() + (element.id ? "#" + element.id : "")
    + (element.classList.length ? "." + [...element.classList].join(".") : "")
    + ` (right edge at ${right} px)`);
}
"""

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
  }));
}
"""


def html_pages(record: Record) -> dict[str, list[tuple[str, str]]]:
    """The addresses (URL name, URL) that answer a web page, by who reads them: the public, or
    A's liaison."""
    anonymous, liaison = Client(), Client()
    liaison.force_login(record.users["liaison_a"])
    groups = {"public": [], "liaison": []}
    for address in walk(record)[0]:
        if address.key.startswith("admin"):
            continue
        if address.expected["anonymous"] == OK:
            group, client = "public", anonymous
        elif address.expected["liaison_a"] == OK:
            group, client = "liaison", liaison
        else:
            continue
        response = client.get(address.url)
        if response.status_code == OK and response["Content-Type"].startswith("text/html"):
            groups[group].append((address.key, address.url))
    # The walk reads one report; each other layout (annexes, a pro tempore term) is read too.
    for report in Report.objects.exclude(pk=record.report.pk).select_related("body"):
        url = reverse("reports:report", args=[report.body.acronym, report.year])
        groups["public"].append((f"reports:report ({report.kind})", url))
    return groups


def page_problems(page, key: str, language: str, width: str) -> list[str]:
    problems = []
    lang = page.locator("html").get_attribute("lang")
    if key in ADDRESSEE_LANGUAGE:
        language = ADDRESSEE
    if lang != language:
        problems.append(f'<html lang="{lang}">, not "{language}"')
    if width == "phone":
        scroll_width, inner_width = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        if scroll_width > inner_width:
            wide = ", ".join(page.evaluate(_OVERFLOWING))
            problems.append(f"scrolls sideways ({scroll_width} px on {inner_width}): {wide}")
    return problems


def test_every_public_and_liaison_page_holds_in_four_languages_on_desktop_and_phone(
    browser, live_server, tmp_path, settings
):
    assert AXE.exists(), f"axe-core is missing at {AXE}: run `npm ci` (README, Tests)"
    settings.MEDIA_ROOT = tmp_path
    record = Record()
    pages = html_pages(record)
    assert pages["public"] and pages["liaison"]
    liaison = Client()
    liaison.force_login(record.users["liaison_a"])
    session = liaison.cookies[settings.SESSION_COOKIE_NAME].value

    problems, counts, rules = [], defaultdict(Counter), defaultdict(Counter)
    for language in LANGUAGES:
        for width, viewport in WIDTHS.items():
            context = browser.new_context(
                viewport=viewport,
                locale=language,
                is_mobile=width == "phone",
                has_touch=width == "phone",
                # axe-core is injected as an inline script; test_csp_browser.py checks the policy.
                bypass_csp=True,
            )
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            page = context.new_page()
            for group in ("public", "liaison"):
                if group == "liaison":
                    context.add_cookies(
                        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
                    )
                for key, url in pages[group]:
                    response = page.goto(live_server.url + url)
                    where = f"{url} [{language}, {width}]"
                    if response.status != OK:
                        problems.append(f"{where}: answered {response.status}")
                        continue
                    if key in DRAWN_BY_SCRIPT:
                        page.wait_for_selector(DRAWN_BY_SCRIPT[key])
                    problems += [
                        f"{where}: {problem}" for problem in page_problems(page, key, language, width)
                    ]
                    page.add_script_tag(path=str(AXE))
                    for violation in page.evaluate(_RUN_AXE, AXE_TAGS):
                        counts[group][violation["impact"]] += violation["nodes"]
                        rules[group][f"{violation['id']} ({violation['impact']})"] += violation["nodes"]
                        excepted = violation["id"] in AXE_EXCEPTIONS.get(key, ())
                        if violation["impact"] in BLOCKING_IMPACTS and not excepted:
                            problems.append(
                                f"{where}: axe {violation['impact']} {violation['id']}: {violation['help']}"
                                f" at {violation['targets']}"
                            )
                    if SAVE_SHOTS:
                        name = key.replace(":", "-")
                        page.screenshot(path=str(SCREENSHOTS / f"page-{name}-{language}-{width}.png"))
            context.close()

    summary = {
        "pages": {group: len(urls) for group, urls in pages.items()},
        "languages": LANGUAGES,
        "widths": {width: viewport["width"] for width, viewport in WIDTHS.items()},
        "elements_in_violation_by_impact": {group: dict(counts[group]) for group in pages},
        "elements_in_violation_by_rule": {group: dict(rules[group]) for group in pages},
    }
    (SCREENSHOTS / "axe-summary.json").write_text(json.dumps(summary, indent=2, sort_keys=True))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# --- The questionnaire from the keyboard alone ------------------------------------------------

_FOCUSED = """
() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  return {
    id: element.id, name: element.name || "", tag: element.tagName.toLowerCase(),
    visible: element.matches(":focus-visible") && ring,
  };
}
"""


def tab_to(page, matches, *, key="Tab", most=80):
    """Presses Tab (or Shift+Tab) until the focused element is the one wanted, checking on the
    way that every element reached shows where the focus is."""
    for _step in range(most):
        page.keyboard.press(key)
        focused = page.evaluate(_FOCUSED)
        if focused["tag"] == "body":  # past the last element, before the first comes round again
            continue
        assert focused["visible"], f"focus on {focused} is not visible"
        if matches(focused):
            return focused
    raise AssertionError(f"{key} never reached the element wanted")


def test_a_liaison_fills_saves_and_submits_her_questionnaire_with_the_keyboard_alone(
    browser, live_server, member_states
):
    peru = State.objects.get(iso3="PER")
    LiaisonFactory(state=peru, user__username="peru-liaison")
    measures = QuestionFactory(
        section__questionnaire__convention=member_states, kind="yes_no_partly", is_required=True
    )
    remarks = QuestionFactory(section=measures.section, kind="text")
    submission = SubmissionFactory(
        cycle=ReportingCycleFactory(questionnaire=measures.section.questionnaire), state=peru
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()

    page.goto(live_server.url + reverse("login"))
    tab_to(page, lambda f: f["id"] == "id_username")
    page.keyboard.type("peru-liaison")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(live_server.url + reverse("questionnaires:submission", args=[submission.pk]))

    tab_to(page, lambda f: f["id"] == "id_answer_kind")
    page.keyboard.press("ArrowDown")  # the first kind of answer
    tab_to(page, lambda f: f["id"] == "id_language")
    page.keyboard.press("ArrowDown")
    radio = answer_field_name(measures)
    tab_to(page, lambda f: f["name"] == radio)
    page.keyboard.press("ArrowDown")  # from "Not answered" to "Yes"
    tab_to(page, lambda f: f["name"] == answer_field_name(remarks))
    page.keyboard.type("Law 30077 of 2013.")
    tab_to(page, lambda f: f["name"] == "save")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "saved as a draft" in page.locator("main").inner_text()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.DRAFT
    assert dict(submission.answers.values_list("question_id", "choice"))[measures.pk] == "yes"

    # Past the submit button and back to it, then Space.
    tab_to(page, lambda f: f["name"] == "submit")
    page.keyboard.press("Tab")
    tab_to(page, lambda f: f["name"] == "submit", key="Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Space")

    assert "is submitted" in page.locator("main").inner_text()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    page.screenshot(path=str(SCREENSHOTS / "questionnaire-submitted-by-keyboard.png"), full_page=True)
    context.close()
