"""A liaison's own questionnaire submissions: refused to strangers, scoped by ``states.access``.

The cast: OWN's liaison (the insider), OTH's liaison (the outsider with an account), a signed-in
user who speaks for no state, and secretariat staff, who see every state's.
"""

import pytest
from django.urls import reverse
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.test import APIRequestFactory, force_authenticate

from api import views
from questionnaires.tests.factories import ReportingCycleFactory, SubmissionFactory
from tracker.tests.bad_input import tally

pytestmark = pytest.mark.django_db

LIST_URL = reverse("api:my-submission-list")

# What a liaison's list asks the database, whatever the number of submissions:
LIAISON_LIST_QUERIES = [
    "the session",
    "the signed-in user",
    "the state she is the liaison of (states.access)",
    "the submissions of that state, with their cycles, conventions and state",
]
# Staff are not liaisons of one state: the access check asks nothing.
STAFF_LIST_QUERIES = ["the session", "the signed-in user", "every submission, with cycles and states"]
LIAISON_DETAIL_QUERIES = [
    "the session",
    "the signed-in user",
    "the state she is the liaison of (states.access)",
    "the submission if hers, with cycle, convention, questionnaire, state and users",
    "the questionnaire's questions with sections and obligations",
    "the submission's answers",
    "its documents",
]


def detail_url(submission):
    return reverse("api:my-submission-detail", kwargs={"pk": submission.pk})


def signed_in(client, user):
    client.force_login(user)
    return client


def ids(response):
    return [s["id"] for s in response.json()["results"]]


# --- Strangers first ---------------------------------------------------------------------------


def test_anonymous_is_refused_the_list(anonymous, cast):
    response = anonymous.get(LIST_URL)

    assert response.status_code == 403
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_anonymous_is_refused_a_submission_without_learning_whether_it_exists(anonymous, cast):
    existing = anonymous.get(detail_url(cast["accepted"]))
    absent = anonymous.get(reverse("api:my-submission-detail", kwargs={"pk": 999999}))

    assert existing.status_code == absent.status_code == 403
    assert existing.json() == absent.json()


def test_a_user_who_speaks_for_no_state_sees_none(anonymous, cast):
    client = signed_in(anonymous, cast["nobody"])

    assert client.get(LIST_URL).json() == {"count": 0, "next": None, "previous": None, "results": []}
    assert client.get(detail_url(cast["accepted"])).status_code == 404


def test_another_states_liaison_sees_only_her_own(anonymous, cast):
    client = signed_in(anonymous, cast["other_liaison"])

    assert ids(client.get(LIST_URL)) == [cast["theirs"].pk]


def test_another_states_submission_is_a_404_as_if_absent(anonymous, cast):
    client = signed_in(anonymous, cast["other_liaison"])

    response = client.get(detail_url(cast["accepted"]))

    assert response.status_code == 404
    assert response.json() == {"detail": f"No submission {cast['accepted'].pk} that you may see."}
    assert "Thank you" not in response.content.decode()


def test_an_inactive_liaison_sees_nothing(anonymous, cast):
    cast["liaison"].contact.is_active = False
    cast["liaison"].contact.save()

    assert ids(signed_in(anonymous, cast["liaison"]).get(LIST_URL)) == []


def test_nothing_can_be_written(anonymous, cast):
    client = signed_in(anonymous, cast["liaison"])

    response = client.post(detail_url(cast["not_started"]), {"status": "submitted"}, format="json")

    assert response.status_code == 405


# --- The insiders ------------------------------------------------------------------------------


def test_the_liaison_sees_her_states_submissions_most_recent_first(anonymous, cast):
    response = signed_in(anonymous, cast["liaison"]).get(LIST_URL)

    assert response.status_code == 200
    assert ids(response) == [cast["not_started"].pk, cast["accepted"].pk]


def test_staff_see_every_states_submissions(anonymous, cast):
    client = signed_in(anonymous, cast["staff"])

    assert sorted(ids(client.get(LIST_URL))) == sorted(
        [cast["accepted"].pk, cast["not_started"].pk, cast["theirs"].pk]
    )
    assert client.get(detail_url(cast["theirs"])).status_code == 200


def test_a_submission_in_the_list(anonymous, cast):
    accepted = cast["accepted"]

    listed = signed_in(anonymous, cast["liaison"]).get(LIST_URL).json()["results"][1]

    assert listed == {
        "id": accepted.pk,
        "url": f"http://testserver/api/my/submissions/{accepted.pk}/",
        "page_url": f"http://testserver/questionnaires/submissions/{accepted.pk}/",
        "convention": "Q-1",
        "cycle": "1998-1999",
        "opens_on": "2020-01-01",
        "due_on": "2020-06-30",
        "closes_on": None,
        "state": "OWN",
        "status": "accepted",
        "status_label": "Accepted",
        "received": "2020-05-10",
        "answer_kind": "first",
        "language": "es",
        "timeliness": "on_time",
    }


def test_a_submission_with_its_answers_and_documents(anonymous, cast):
    accepted = cast["accepted"]

    body = signed_in(anonymous, cast["liaison"]).get(detail_url(accepted)).json()

    assert body["id"] == accepted.pk
    assert body["status"] == "accepted"
    assert body["review_comments"] == "Thank you."
    assert "notes" not in body
    assert body["sections"] == [
        {
            "number": 1,
            "title": "Marking",
            "questions": [
                {
                    "number": "1.1",
                    "text": "Are firearms marked?",
                    "kind": "yes_no_partly",
                    "obligation": None,
                    "is_required": True,
                    "answer": "yes",
                },
                {
                    "number": "1.2",
                    "text": "How many?",
                    "kind": "number",
                    "obligation": None,
                    "is_required": False,
                    "answer": "12.5",
                },
                {
                    "number": "1.3",
                    "text": "Are records kept?",
                    "kind": "yes_no_partly",
                    "obligation": None,
                    "is_required": True,
                    "answer": None,
                },
            ],
        }
    ]
    [document] = body["documents"]
    assert (document["original_name"], document["kind"], document["size_bytes"]) == (
        "answers.pdf",
        "pdf",
        2048,
    )
    assert document["download_url"].startswith("http://testserver/questionnaires/documents/")


def test_a_received_day_known_only_to_the_month_is_written_so(anonymous, cast):
    body = signed_in(anonymous, cast["staff"]).get(detail_url(cast["theirs"])).json()

    assert body["received"] == "2020-07"
    assert body["timeliness"] == "late"


@pytest.mark.parametrize("pk", [0, 999999, 10**30])
def test_an_unknown_submission_is_a_json_404(anonymous, cast, pk):
    response = signed_in(anonymous, cast["staff"]).get(reverse("api:my-submission-detail", kwargs={"pk": pk}))

    assert response.status_code == 404
    assert response.json() == {"detail": f"No submission {pk} that you may see."}


def test_a_bad_page_is_a_400(anonymous, cast):
    response = signed_in(anonymous, cast["liaison"]).get(LIST_URL, {"page": "x"})

    assert response.status_code == 400
    assert set(response.json()) == {"page"}


# --- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("extra_cycles", [0, 27])
def test_the_list_takes_the_same_queries_for_3_or_30_submissions(
    anonymous, cast, extra_cycles, django_assert_num_queries
):
    for _ in range(extra_cycles):
        SubmissionFactory(cycle=ReportingCycleFactory(questionnaire=cast["questionnaire"]), state=cast["own"])
    liaison = signed_in(anonymous, cast["liaison"])

    with django_assert_num_queries(len(LIAISON_LIST_QUERIES)):
        response = liaison.get(LIST_URL)
    assert response.json()["count"] == 2 + extra_cycles

    staff = signed_in(anonymous, cast["staff"])
    with django_assert_num_queries(len(STAFF_LIST_QUERIES)):
        response = staff.get(LIST_URL)
    assert response.json()["count"] == 3 + extra_cycles


def test_a_submission_takes_a_fixed_number_of_queries(anonymous, cast, django_assert_num_queries):
    client = signed_in(anonymous, cast["liaison"])

    with django_assert_num_queries(len(LIAISON_DETAIL_QUERIES)):
        client.get(detail_url(cast["accepted"]))


def test_the_browsable_api_shows_a_liaison_her_list_in_a_browser(cast):
    # The browsable renderer is on only with DEBUG, so it is given to the view here; it builds
    # its filter form from the view's queryset, which the list must therefore have.
    request = APIRequestFactory().get(LIST_URL, HTTP_ACCEPT="text/html")
    force_authenticate(request, cast["liaison"])
    view = views.MySubmissionListView.as_view(renderer_classes=[BrowsableAPIRenderer, JSONRenderer])

    response = view(request).render()

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"/api/my/submissions/{cast['accepted'].pk}/" in page
    assert f"/api/my/submissions/{cast['theirs'].pk}/" not in page
    tally("browsable API pages")
