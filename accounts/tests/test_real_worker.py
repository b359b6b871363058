"""The reset mail goes through the queue: a real ``celery -A tracker worker`` on the real Redis
mails it, from the test's PostgreSQL database, to a real SMTP server on loopback.

Skipped, with the reason, on SQLite or without Redis; with CI=true on PostgreSQL it must run.
"""

import re

import pytest
from django.urls import reverse

from outbox.tests.smtp import wait_until
from states.tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("real_parts")]


def test_the_reset_mail_is_sent_by_a_worker_with_its_link_from_site_url(
    client, settings, start_worker, broker, smtp_server
):
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    UserFactory(username="ana", email="ana@example.org")
    start_worker()

    answer = client.post(
        reverse("password_reset"), {"email": "ana@example.org"}, HTTP_HOST="attacker.example"
    )
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert answer.status_code == unknown.status_code == 302
    wait_until(lambda: len(smtp_server.received) == 1, what="the reset mail")
    wait_until(broker.drained, what="the queue to drain")
    [received] = smtp_server.received
    assert received.recipients == ["ana@example.org"]
    # The workers' SITE_URL (outbox/tests/worker_settings.py), not the Host the request named.
    link = re.search(r"http://testserver(/accounts/reset/\S+)", received.message.get_content()).group(1)
    assert "attacker.example" not in received.message.get_content()
    assert client.get(link, follow=True).status_code == 200
