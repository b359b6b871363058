"""Nobody can turn the subscription form against an address: at most three confirmation links
a day go to one address, and one client may ask ten times an hour; beyond either, the same
answer as always and no mail."""

import datetime as dt
import re
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import Subscription
from outbox.models import MailKind, MailRequest
from outbox.services import mail_request_admit
from outbox.tests.cache import cache_unreachable

pytestmark = pytest.mark.django_db

CONFIRMATION = MailKind.SUBSCRIPTION_CONFIRMATION


def ask(client, django_capture_on_commit_callbacks, email, *, client_address="192.0.2.1", convention=""):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("notifications:subscribe"),
            {"email": email, "language": "en", "convention": convention, "state": ""},
            REMOTE_ADDR=client_address,
        )


def without_csrf(answer) -> str:
    """The page as read: the hidden CSRF token (new in every answer) taken out."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", answer.text)


def test_a_fourth_link_in_a_day_to_one_address_is_not_mailed_and_the_answer_is_the_same(
    client, a66, django_capture_on_commit_callbacks
):
    # Four clients, each asking once, for the same address (in another case the fourth time).
    answers = [
        ask(client, django_capture_on_commit_callbacks, email, client_address=f"192.0.2.{n}", convention=scope)
        for n, (email, scope) in enumerate(
            [("ana@example.org", ""), ("ANA@example.org", "A-66"), ("ana@example.org", ""),
             ("Ana@Example.org", "A-66")]
        )
    ]  # fmt: skip

    assert [a.status_code for a in answers] == [200, 200, 200, 200]
    assert {a.templates[0].name for a in answers} == {"notifications/subscribe_sent.html"}
    assert without_csrf(answers[3]).replace("Ana@Example.org", "ana@example.org") == without_csrf(answers[0])
    assert [m.to for m in mail.outbox] == [["ana@example.org"]] * 3
    assert MailRequest.objects.filter(address="ana@example.org", kind=CONFIRMATION).count() == 3


def test_a_refused_ask_writes_no_subscription(client, a66, django_capture_on_commit_callbacks):
    for n in range(3):
        ask(client, django_capture_on_commit_callbacks, "ana@example.org", client_address=f"192.0.2.{n}")

    ask(client, django_capture_on_commit_callbacks, "ana@example.org", client_address="192.0.2.9",
        convention="A-66")  # fmt: skip

    assert list(Subscription.objects.values_list("convention", flat=True)) == [None]
    assert len(mail.outbox) == 3


def test_one_client_gets_ten_links_an_hour_whatever_the_addresses(client, django_capture_on_commit_callbacks):
    answers = [
        ask(
            client,
            django_capture_on_commit_callbacks,
            f"reader{n}@example.org",
            client_address="198.51.100.7",
        )
        for n in range(12)
    ]

    assert {a.status_code for a in answers} == {200}
    assert {a.templates[0].name for a in answers} == {"notifications/subscribe_sent.html"}
    assert len(mail.outbox) == 10
    assert Subscription.objects.count() == 10
    # Another client is not held back by that one.
    ask(client, django_capture_on_commit_callbacks, "other@example.org", client_address="198.51.100.8")
    assert len(mail.outbox) == 11


def test_behind_the_proxy_each_client_is_counted_by_the_address_the_proxy_forwarded(
    client, settings, django_capture_on_commit_callbacks
):
    settings.BEHIND_PROXY = True

    def ask_through_proxy(n, forwarded_for):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(
                reverse("notifications:subscribe"),
                {"email": f"reader{n}@example.org", "language": "en", "convention": "", "state": ""},
                REMOTE_ADDR="172.18.0.5",
                HTTP_X_FORWARDED_FOR=forwarded_for,
            )
        assert answer.status_code == 200

    # One client writing a new address of its own before the proxy's entry each time.
    for n in range(12):
        ask_through_proxy(n, f"203.0.113.{n}, 198.51.100.7")
    assert len(mail.outbox) == 10
    # Another client behind the same proxy has its own budget; a header that is no address
    # counts as the proxy's.
    ask_through_proxy(20, "198.51.100.8")
    ask_through_proxy(21, "not an address")
    assert len(mail.outbox) == 12


def test_while_the_cache_cannot_be_reached_the_daily_bound_per_address_still_holds(
    client, django_capture_on_commit_callbacks
):
    with cache_unreachable():
        answers = [ask(client, django_capture_on_commit_callbacks, "ana@example.org") for _ in range(4)]

    assert {a.status_code for a in answers} == {200}
    assert {a.templates[0].name for a in answers} == {"notifications/subscribe_sent.html"}
    assert len(mail.outbox) == 3


def test_a_form_with_errors_is_shown_again_and_counts_for_nothing(client, django_capture_on_commit_callbacks):
    for _ in range(12):
        answer = ask(client, django_capture_on_commit_callbacks, "not an address")
        assert answer.status_code == 200 and answer.context["form"].errors

    ask(client, django_capture_on_commit_callbacks, "ana@example.org")
    assert len(mail.outbox) == 1


def test_yesterdays_requests_do_not_count_today(settings):
    settings.MAIL_REQUESTS_PER_ADDRESS_PER_DAY = 1
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    MailRequest.objects.create(address="ana@example.org", kind=CONFIRMATION, day=yesterday, slot=1)

    assert mail_request_admit("ana@example.org", CONFIRMATION) is True
    assert mail_request_admit("Ana@example.org ", CONFIRMATION) is False
    # Each kind has its own slots: confirmations asked for cannot use up her password resets.
    assert mail_request_admit("ana@example.org", MailKind.PASSWORD_RESET) is True


def test_the_daily_prune_forgets_the_days_before_yesterday():
    from outbox.tasks import mail_requests_old_prune
    from tracker import celery_app

    today = timezone.localdate()
    for days_ago in (0, 1, 2, 30):
        MailRequest.objects.create(
            address="ana@example.org", kind=CONFIRMATION, day=today - dt.timedelta(days=days_ago), slot=1
        )

    assert mail_requests_old_prune.delay().get() == 2
    assert sorted((today - day).days for day in MailRequest.objects.values_list("day", flat=True)) == [0, 1]
    assert celery_app.conf.beat_schedule["mail-requests-prune"]["task"] == mail_requests_old_prune.name


def test_the_database_refuses_a_slot_taken_twice_and_an_unknown_kind():
    from django.core.exceptions import ValidationError

    today = timezone.localdate()
    MailRequest.objects.create(address="ana@example.org", kind=CONFIRMATION, day=today, slot=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MailRequest.objects.create(address="ana@example.org", kind=CONFIRMATION, day=today, slot=1)
    unknown = MailRequest(address="ana@example.org", kind="newsletter", day=today, slot=2)
    with pytest.raises(ValidationError):
        unknown.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        unknown.save()


@pytest.mark.django_db(transaction=True)
def test_eight_requests_at_once_for_one_address_admit_three():
    """Each finds the day's count before the others write; the slots' unique constraint settles it."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (set DATABASE_URL)")
    barrier = threading.Barrier(8)
    admitted, errors = [], []

    def request():
        try:
            barrier.wait()
            admitted.append(mail_request_admit("ana@example.org", CONFIRMATION))
        except Exception as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(admitted) == [False] * 5 + [True] * 3
    assert sorted(MailRequest.objects.values_list("slot", flat=True)) == [1, 2, 3]
