"""`build_notifications --backfill` on the reference record: one published notification per
recorded action, in date order, numbered per convention and year, nobody mailed, idempotent."""

import csv
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from notifications.models import Delivery, Notification

FIXTURES = settings.BASE_DIR / "fixtures"


def recorded_actions_in_files() -> int:
    def rows(name):
        with (FIXTURES / name).open(encoding="utf-8") as file:
            return list(csv.DictReader(file))

    participations = rows("participations.csv")
    reservations = rows("reservations.csv")
    return (
        sum(bool(row["signed_on"]) for row in participations)
        + sum(bool(row["deposited_on"]) for row in participations)
        + sum(bool(row["denunciation_notified_on"]) for row in participations)
        + len(reservations)
        + sum(bool(row["withdrawn_on"]) for row in reservations)
    )


def backfill(*args) -> str:
    out = StringIO()
    call_command("build_notifications", "--backfill", *args, stdout=out)
    return out.getvalue()


def test_the_backfill_publishes_one_notification_per_recorded_action_once(reference_record, db):
    assert Notification.objects.count() == 0  # loading the reference record drafts nothing

    first = backfill()

    expected = recorded_actions_in_files()
    assert Notification.objects.count() == expected
    assert f"{expected} notification(s) created; 0 action(s) already notified." in first
    assert not Notification.objects.filter(status="draft").exists()
    assert Delivery.objects.count() == 0 and mail.outbox == []

    second = backfill()
    assert f"0 notification(s) created; {expected} action(s) already notified." in second
    assert Notification.objects.count() == expected


def test_backfilled_notifications_follow_the_date_order_numbered_per_convention_and_year(
    reference_record, db
):
    backfill()

    for code in ("A-63", "A-66"):
        rows = list(
            Notification.objects.filter(convention__code=code)
            .order_by("year", "number")
            .values_list("year", "number", "action_earliest", "action_latest")
        )
        assert [(e, latest) for _y, _n, e, latest in rows] == sorted(
            (e, latest) for _y, _n, e, latest in rows
        )
        for year in {year for year, *_ in rows}:
            numbers = [number for y, number, *_ in rows if y == year]
            assert numbers == list(range(1, len(numbers) + 1))
        assert all(year == earliest.year for year, _n, earliest, _l in rows)

    canada = Notification.objects.filter(convention__code="A-66", state__iso3="CAN").order_by("number")
    assert list(canada.values_list("kind", flat=True)) == ["signature", "deposit"]  # the same day, in order
    argentina = Notification.objects.get(convention__code="A-66", state__iso3="ARG", kind="deposit")
    assert argentina.reconstructed and "in 2005-12 (day not known)" in argentina.text_en


def test_a_dry_run_writes_nothing(reference_record, db):
    assert "would be created" in backfill("--dry-run")
    assert Notification.objects.count() == 0


def test_the_command_says_what_it_needs(db):
    with pytest.raises(CommandError):
        call_command("build_notifications")
