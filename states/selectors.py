import datetime as dt
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from states.models import MembershipEvent, MembershipEventKind, State


class Standing(StrEnum):
    MEMBER = "member"
    NOT_PARTICIPATING = "not_participating"
    WITHDRAWN = "withdrawn"
    NOT_YET_MEMBER = "not_yet_member"

    @property
    def label(self) -> str:
        return str(STANDING_LABELS[self])


STANDING_LABELS = {
    Standing.MEMBER: _("Member"),
    Standing.NOT_PARTICIPATING: _("Member, not participating"),
    Standing.WITHDRAWN: _("Withdrawn"),
    Standing.NOT_YET_MEMBER: _("Not yet a member"),
}

# The standing each event leaves the state in; other events change nothing.
STANDING_AFTER = {
    MembershipEventKind.WITHDRAWAL_EFFECTIVE: Standing.WITHDRAWN,
    MembershipEventKind.PARTICIPATION_EXCLUDED: Standing.NOT_PARTICIPATING,
    MembershipEventKind.SUSPENDED: Standing.NOT_PARTICIPATING,
    MembershipEventKind.EXCLUSION_LIFTED: Standing.MEMBER,
    MembershipEventKind.SUSPENSION_LIFTED: Standing.MEMBER,
}


def oas_standing(state: State, events: list[MembershipEvent], as_of: dt.date) -> Standing:
    """A state's standing in the OAS on ``as_of`` from its events (in date order)."""
    if state.oas_member_since and as_of.year < state.oas_member_since:
        return Standing.NOT_YET_MEMBER
    standing = Standing.MEMBER
    for event in events:
        if event.occurred_on > as_of:
            break
        standing = STANDING_AFTER.get(event.kind, standing)
    return standing


def oas_standings_as_of(as_of: dt.date) -> dict[str, Standing]:
    """Every state's OAS standing on ``as_of``, by ISO3 (two queries)."""
    events: dict[int, list[MembershipEvent]] = {}
    for event in MembershipEvent.objects.order_by("occurred_on", "pk"):
        events.setdefault(event.state_id, []).append(event)
    return {state.iso3: oas_standing(state, events.get(state.pk, []), as_of) for state in State.objects.all()}
