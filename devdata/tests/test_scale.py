"""The synthetic record generator, and the query-count guard it makes possible: every page runs
the same number of queries on a small and on a larger generated record."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conventions.models import Body, Convention, Participation, Reservation
from devdata.scale import LAST_DAY, ScaleSpec, scale_data_generate
from questionnaires.models import ReportingCycle, Submission
from reminders.selectors import reminder_digests_build
from reports.models import ItemState, ReportItem
from states.models import Contact, MembershipEvent, State
from states.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SMALL = ScaleSpec(states=12, conventions=5, cycles=2, cycle_conventions=2, items=40, bodies=3, seed=7)
LARGER = ScaleSpec(states=30, conventions=12, cycles=4, cycle_conventions=4, items=200, bodies=5, seed=7)
MODELS = [Body, State, Convention, Participation, Reservation, MembershipEvent, Contact,
          ReportingCycle, Submission, ReportItem, ItemState]  # fmt: skip


@contextmanager
def rolled_back():
    """A savepoint undone on leaving, so one test can look at two generated records in turn."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def snapshot():
    """The counts of each model, and the first rows of the record by their natural keys."""
    return {
        "counts": {model.__name__: model.objects.count() for model in MODELS},
        "states": list(State.objects.order_by("pk").values_list("iso3", "name_en", "subregion")[:5]),
        "participations": list(
            Participation.objects.order_by("pk").values_list(
                "convention__code",
                "state__iso3",
                "signature_earliest",
                "signature_latest",
                "deposit_earliest",
                "deposit_latest",
                "instrument_kind",
                "denunciation_effective_on",
            )[:20]
        ),  # fmt: skip
        "submissions": list(
            Submission.objects.order_by("pk").values_list("cycle__label", "state__iso3", "status")[:10]
        ),
        "items": list(
            ReportItem.objects.order_by("pk").values_list("reference", "kind", "date_earliest")[:5]
        ),
    }


def test_the_same_seed_gives_the_same_record():
    with rolled_back():
        scale_data_generate(SMALL)
        first = snapshot()
    with rolled_back():
        scale_data_generate(SMALL)
        second = snapshot()
    with rolled_back():
        scale_data_generate(ScaleSpec(**{**SMALL.__dict__, "seed": 8}))
        other_seed = snapshot()
    assert first == second
    assert first["counts"]["State"] == 12 and first["counts"]["Convention"] == 5
    assert first["participations"] != other_seed["participations"]


def test_the_record_has_the_shapes_of_a_depositary():
    counts = scale_data_generate(SMALL).counts
    pairs = SMALL.states * SMALL.conventions
    assert 0.35 * pairs < counts["participations"] < 0.65 * pairs
    deposited = Participation.objects.filter(deposit_earliest__isnull=False).count()
    assert deposited > 0.6 * counts["participations"]
    assert Participation.objects.filter(signature_earliest__isnull=True).exists()  # accessions
    assert Participation.objects.exclude(signature_earliest=F("signature_latest")).exists()  # approximate
    assert counts["report items"] == 40
    assert counts["reminder policies"] == SMALL.conventions + SMALL.cycle_conventions
    assert State.objects.filter(contacts__isnull=False).distinct().count() >= 0.6 * SMALL.states


def test_every_generated_row_passes_full_clean():
    scale_data_generate(LARGER)
    for model in MODELS:
        for instance in model.objects.order_by("?")[:60]:
            instance.full_clean()


def test_a_record_already_there_is_refused_without_force():
    scale_data_generate(ScaleSpec(states=1, conventions=1, cycles=0, cycle_conventions=0, items=0))
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_scale_data", states=2, conventions=1, items=0, cycles=0, cycle_conventions=0)
    call_command(
        "generate_scale_data", states=2, conventions=1, items=3, cycles=1, cycle_conventions=1, force=True
    )
    assert State.objects.count() == 3 and Convention.objects.count() == 2


# --- The query-count guard ------------------------------------------------------------------


def page_queries(client) -> dict[str, int]:
    """The number of queries each page runs on the record in the database, signed in as staff."""
    client.force_login(UserFactory(username="secretariat", is_staff=True, is_superuser=True))
    convention = (
        Convention.objects.annotate(n=Count("participations__reservations")).order_by("-n", "code").first()
    )
    state = State.objects.annotate(n=Count("contacts")).filter(n__gt=0).order_by("name_en").first()
    cycle = ReportingCycle.objects.annotate(n=Count("submissions")).order_by("-n", "pk").first()
    pages = {
        "status table": reverse("conventions:status", kwargs={"code": convention.code}),
        "overview": reverse("dashboards:overview"),
        "overview filtered": reverse("dashboards:overview") + f"?convention={convention.code}",
        "state dashboard": reverse("dashboards:state", kwargs={"iso3": state.iso3}),
        "api status": reverse("api:convention-status", kwargs={"code": convention.code}),
        "api state": reverse("api:state-detail", kwargs={"iso3": state.iso3}),
        "compliance": reverse("questionnaires:cycle", kwargs={"pk": cycle.pk}),
    }
    counts = {}
    for name, url in pages.items():
        client.get(url)  # the session and the translations are read once, as on a warm server
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    # The reminder digests' build is no page, but it is bound by the same rule.
    with CaptureQueriesContext(connection) as queries:
        plan = reminder_digests_build(LAST_DAY)
    assert plan.digests or plan.without_contact, "the generated record owes reminders"
    counts["reminder digests"] = len(queries)
    return counts


def test_pages_run_the_same_queries_on_a_small_and_a_larger_record(client):
    with rolled_back():
        scale_data_generate(SMALL)
        small = page_queries(client)
    with rolled_back():
        scale_data_generate(LARGER)
        larger = page_queries(client)
    assert small == larger


def test_more_states_than_two_letter_codes_can_be_generated():
    spec = ScaleSpec(states=700, conventions=1, cycles=0, cycle_conventions=0, items=0, bodies=1, seed=2)

    scale_data_generate(spec)

    assert State.objects.count() == 700
    # The 676 two-letter codes go first; the alpha-3 codes, the record's key, never run out.
    assert State.objects.filter(iso2__isnull=False).count() == 26 * 26
    assert State.objects.values("iso3").distinct().count() == 700
