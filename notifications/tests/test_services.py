"""Drafts made by the record's service, corrections, publication rules and numbering."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conventions.approx_dates import ApproxDate
from conventions.models import Participation, Reservation
from conventions.services import participation_record, reservation_record
from notifications.models import Notification, NotificationKind, NotificationStatus
from notifications.services import notification_number_take, notification_publish
from notifications.tests.conftest import D, deposit, published

pytestmark = pytest.mark.django_db


def test_recording_a_deposit_drafts_one_notification_in_four_languages(signed):
    draft = deposit(signed, on="2005-12-14")

    assert Notification.objects.count() == 1
    assert (draft.kind, draft.status, draft.reference, draft.number) == ("deposit", "draft", "", None)
    assert draft.action_date == ApproxDate.exact(D(2005, 12, 14))
    draft = published(draft)  # worded from its facts when it is published
    assert (
        "Argentina deposited its instrument of ratification of the Inter-American Convention against "
        "Terrorism (A-66) on 2005-12-14." in draft.text_en
    )
    assert (
        "Argentina depositó su instrumento de ratificación de la Convención Interamericana contra el "
        "Terrorismo (A-66) el 2005-12-14." in draft.text_es
    )
    assert (
        "Argentine a déposé son instrument de ratification de la Convention interaméricaine" in draft.text_fr
    )
    assert "Argentina depositou seu instrumento de ratificação da Convenção Interamericana" in draft.text_pt
    assert draft.title_fr == "A-66: Argentine, instrument de ratification"


def test_an_approximate_date_is_described_honestly(signed):
    draft = published(deposit(signed, on="2005-12"))

    assert "in 2005-12 (day not known)" in draft.text_en
    assert "en 2005-12 (día no conocido)" in draft.text_es


def test_saving_without_a_new_action_drafts_nothing(signed):
    signed.notes = "Checked against the press release."
    participation_record(signed)

    assert Notification.objects.count() == 0


def test_a_new_participation_drafts_its_signature_and_deposit_in_order(a66, chile):
    participation = Participation(
        convention=a66,
        state=chile,
        signature_earliest=D(2002, 6, 3),
        signature_latest=D(2002, 6, 3),
        deposit_earliest=D(2004, 9, 29),
        deposit_latest=D(2004, 9, 29),
        instrument_kind="ratification",
    )
    participation_record(participation)

    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True)) == [
        "signature",
        "deposit",
    ]


def test_a_denunciation_is_notified_with_its_effective_date(signed):
    deposit(signed, on="2005-12-14")
    signed.denunciation_notified_on, signed.denunciation_effective_on = D(2020, 1, 10), D(2021, 1, 10)
    participation_record(signed)

    notification = published(signed.notifications.get(kind="denunciation"))
    assert (
        "notified its denunciation" in notification.text_en
        and "takes effect on 2021-01-10" in notification.text_en
    )


def test_a_reservation_made_with_the_instrument_counts_from_the_deposit_and_its_withdrawal_is_notified(
    signed,
):
    deposit(signed, on="2005-12-14")
    reservation = Reservation(participation=signed, kind="reservation", article="Art. 13", text="On asylum.")
    reservation_record(reservation)
    made = reservation.notifications.get()
    assert (made.kind, made.action_date.isoformat()) == ("reservation", "2005-12-14")
    assert "made a reservation on Art. 13" in published(made).text_en

    reservation.withdrawn_on = D(2015, 3, 1)
    reservation_record(reservation)

    withdrawal = published(reservation.notifications.get(kind="withdrawal"))
    assert "withdrew a reservation on Art. 13" in withdrawal.text_en


def test_re_dating_an_unpublished_draft_puts_the_draft_right(signed):
    draft = deposit(signed, on="2005-12")
    deposit(signed, on="2005-12-14")

    draft.refresh_from_db()
    assert Notification.objects.count() == 1
    assert draft.action_date.isoformat() == "2005-12-14" and "on 2005-12-14" in published(draft).text_en


def test_re_dating_a_published_action_drafts_a_correction_naming_what_it_corrects(signed):
    original = published(deposit(signed, on="2005-12"))

    correction = deposit(signed, on="2005-12-14")

    assert correction.kind == NotificationKind.CORRECTION and correction.corrects == original
    assert (correction.previous_earliest, correction.previous_latest) == (D(2005, 12, 1), D(2005, 12, 31))
    assert f"notified in {original.reference}, is 2005-12-14, not 2005-12" in published(correction).text_en


def test_a_correction_of_a_date_recorded_before_notifications_says_so(signed):
    signed.signature = ApproxDate.exact(D(2002, 6, 4))
    participation_record(signed)

    correction = signed.notifications.get()
    assert correction.corrects is None and "notified in the earlier record" in published(correction).text_en


def test_striking_a_date_out_notifies_nothing(signed):
    published(deposit(signed))
    signed.deposit, signed.instrument_kind = None, ""
    participation_record(signed)

    assert signed.notifications.count() == 1


def test_the_record_is_validated_and_a_refused_write_drafts_nothing(signed):
    signed.deposit = ApproxDate.exact(D(2001, 1, 1))  # before the signature, and no instrument
    with pytest.raises(ValidationError):
        participation_record(signed)
    assert Notification.objects.count() == 0


def test_load_reference_style_writes_draft_nothing(signed):
    signed.deposit, signed.instrument_kind = ApproxDate.exact(D(2005, 12, 14)), "ratification"
    participation_record(signed, notify=False)
    assert Notification.objects.count() == 0


# Publication rules


def test_publishing_numbers_dates_and_stamps_the_draft(signed, clerk):
    notification = published(deposit(signed), clerk)

    today = timezone.localdate()
    assert notification.status == NotificationStatus.PUBLISHED
    assert notification.reference == f"A-66/{today.year}/1"
    assert (notification.issued_on, notification.published_by) == (today, clerk)
    assert notification.history.first().history_change_reason == "Published"


def test_numbers_run_per_convention_and_year(signed, a66, chile):
    from conventions.tests.factories import ConventionFactory, ParticipationFactory

    first = published(deposit(signed))
    other = ParticipationFactory(convention=a66, state=chile)
    second = published(deposit(other, on="2004-09-29"))
    elsewhere = ParticipationFactory(convention=ConventionFactory(code="A-63"), state=chile)
    third = published(deposit(elsewhere, on="2004-09-29"))

    year = timezone.localdate().year
    assert [first.reference, second.reference, third.reference] == [
        f"A-66/{year}/1",
        f"A-66/{year}/2",
        f"A-63/{year}/1",
    ]


def test_a_published_notification_is_not_published_again(signed):
    notification = published(deposit(signed))

    assert notification_publish(notification.pk) is None
    notification.refresh_from_db()
    assert notification.number == 1


def test_publishing_queues_delivery_only_once_committed(signed, django_capture_on_commit_callbacks):
    draft = deposit(signed)
    with django_capture_on_commit_callbacks() as callbacks:
        notification_publish(draft.pk)
    assert len(callbacks) == 1


def test_a_draft_with_a_number_is_refused_by_full_clean_and_by_the_database(signed):
    draft = deposit(signed)
    draft.number, draft.year, draft.reference = 1, 2026, "A-66/2026/1"

    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert "status" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        draft.save()


def test_two_notifications_cannot_share_a_number_in_the_database(signed, a66, chile):
    from conventions.tests.factories import ParticipationFactory

    first = published(deposit(signed))
    second = deposit(ParticipationFactory(convention=a66, state=chile))
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=second.pk).update(
            status="published",
            number=first.number,
            year=first.year,
            reference="x",
            issued_on=first.issued_on,
            published_at=first.published_at,
        )


def test_the_counter_gives_consecutive_numbers(a66):
    with transaction.atomic():
        numbers = [notification_number_take(a66.pk, 2026) for _ in range(3)]
    assert numbers == [1, 2, 3]
    assert notification_number_take(a66.pk, 2027) == 1


def test_dates_are_checked(signed):
    draft = deposit(signed)
    draft.action_earliest = dt.date(2010, 1, 1)
    with pytest.raises(ValidationError):
        draft.full_clean()


def test_a_published_notification_without_its_words_is_refused(signed):
    notification = published(deposit(signed))

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.filter(pk=notification.pk).update(text_pt="")
    notification.text_pt = ""
    with pytest.raises(ValidationError, match="title and text in every language"):
        notification.full_clean()


def test_words_staff_wrote_on_a_draft_are_published_and_the_rest_worded_from_its_facts(signed):
    draft = deposit(signed)
    draft.title_en = "A-66: Argentina ratifies"
    draft.save()

    notification = published(draft)

    assert notification.title_en == "A-66: Argentina ratifies"
    assert notification.title_fr == "A-66: Argentine, instrument de ratification"
