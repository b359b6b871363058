"""The wording of a notification and of its mail, in each official language, from gettext.

A notification is worded in the four languages at once, as the depositary issues it, so each
language's wording is made inside ``translation.override``; translators find every string in the
app's catalogues (``notifications/locale``), with a context saying where it goes. Names of states
and conventions come from the record in each language. Dates are ISO; a date known only to the
month, the year or a range says so instead of inventing a day.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import pgettext

from conventions.approx_dates import ApproxDate, Precision
from states.models import Language

LANGUAGES = [code for code, _label in Language.choices]


def date_phrase(date: ApproxDate) -> str:
    """The date as honestly as it is known, e.g. "in 2005-12 (day not known)"."""
    template = {
        Precision.DAY: pgettext("notification date", "on {day}"),
        Precision.MONTH: pgettext("notification date", "in {month} (day not known)"),
        Precision.YEAR: pgettext("notification date", "in {year} (day not known)"),
        Precision.RANGE: pgettext("notification date", "between {earliest} and {latest} (day not known)"),
    }[date.precision]
    return template.format(
        day=date.earliest.isoformat(),
        month=date.isoformat(),
        year=date.isoformat(),
        earliest=date.earliest.isoformat(),
        latest=date.latest.isoformat(),
    )


def _instrument(kind: str) -> str:
    names = {
        "ratification": pgettext("instrument of", "ratification"),
        "accession": pgettext("instrument of", "accession"),
        "acceptance": pgettext("instrument of", "acceptance"),
        "approval": pgettext("instrument of", "approval"),
        "succession": pgettext("instrument of", "succession"),
    }
    return names.get(kind, kind)


def _reservation(kind: str) -> str:
    names = {
        "reservation": pgettext("notification", "a reservation"),
        "declaration": pgettext("notification", "a declaration"),
        "understanding": pgettext("notification", "an understanding"),
    }
    return names.get(kind, kind)


def _title(kind: str) -> str:
    """What the notification is about, after the convention and the state in its title."""
    return {
        "signature": pgettext("notification title", "signature"),
        "deposit": pgettext("notification title", "instrument of {instrument}"),
        "reservation": pgettext("notification title", "{reservation}"),
        "withdrawal": pgettext("notification title", "withdrawal of {reservation}"),
        "denunciation": pgettext("notification title", "denunciation"),
        "correction": pgettext("notification title", "correction to {corrected}"),
        "objection": pgettext("notification title", "objection to {reservation} of {reserving_state}"),
        "objection_withdrawn": pgettext(
            "notification title", "withdrawal of its objection to {reservation} of {reserving_state}"
        ),
        "territorial": pgettext("notification title", "territorial application ({territory})"),
        "territory_withdrawn": pgettext(
            "notification title", "withdrawal of territorial application ({territory})"
        ),
        "provisional": pgettext("notification title", "provisional application"),
        "provisional_ended": pgettext("notification title", "end of provisional application"),
        "succession": pgettext("notification title", "succession"),
    }[kind]


def _sentence(kind: str) -> str:
    """The sentence that notifies an action, after the depositary's opening words."""
    return {
        "signature": pgettext("notification text", "{state} signed the {title} ({code}) {date}."),
        "deposit": pgettext(
            "notification text",
            "{state} deposited its instrument of {instrument} of the {title} ({code}) {date}.",
        ),
        "reservation": pgettext(
            "notification text", "{state} made {reservation}{article} to the {title} ({code}) {date}."
        ),
        "withdrawal": pgettext(
            "notification text",
            "{state} withdrew {reservation}{article} it had made to the {title} ({code}) {date}.",
        ),
        "denunciation": pgettext(
            "notification text",
            "{state} notified its denunciation of the {title} ({code}) {date}; "
            "it takes effect on {effective}.",
        ),
        "correction": pgettext(
            "notification text",
            "the date of the {action} of {state} under the {title} ({code}), notified in {ref}, "
            "is {new}, not {old} as recorded earlier.",
        ),
        "objection": pgettext(
            "notification text",
            "{state} objected {date} to {reservation}{article} made by {reserving_state} "
            "to the {title} ({code}).",
        ),
        "objection_withdrawn": pgettext(
            "notification text",
            "{state} withdrew {date} its objection to {reservation}{article} made by {reserving_state} "
            "to the {title} ({code}).",
        ),
        "territorial": pgettext(
            "notification text",
            "{state} made {date} a declaration of territorial application of the {title} ({code}) "
            "concerning {territory}.",
        ),
        "territory_withdrawn": pgettext(
            "notification text",
            "{state} withdrew {date} its declaration of territorial application of the {title} ({code}) "
            "concerning {territory}.",
        ),
        "provisional": pgettext(
            "notification text",
            "{state} notified {date} that it applies the {title} ({code}) provisionally from {effective}.",
        ),
        "provisional_ended": pgettext(
            "notification text",
            "{state} notified {date} the termination of its provisional application of the {title} ({code}).",
        ),
        "succession": pgettext(
            "notification text",
            "{state} notified {date} its succession to the {title} ({code}) as successor of {predecessor}.",
        ),
    }[kind]


def _action_name(action: str) -> str:
    """The action named inside a correction's sentence."""
    return {
        "signature": pgettext("action corrected", "signature"),
        "deposit": pgettext("action corrected", "deposit"),
        "reservation": pgettext("action corrected", "reservation or declaration"),
        "withdrawal": pgettext("action corrected", "withdrawal"),
        "denunciation": pgettext("action corrected", "denunciation"),
        "objection": pgettext("action corrected", "objection"),
        "objection_withdrawn": pgettext("action corrected", "withdrawal of an objection"),
        "territorial": pgettext("action corrected", "territorial application"),
        "territory_withdrawn": pgettext("action corrected", "withdrawal of territorial application"),
        "provisional": pgettext("action corrected", "provisional application"),
        "provisional_ended": pgettext("action corrected", "end of provisional application"),
        "succession": pgettext("action corrected", "succession"),
    }[action]


@dataclass(frozen=True)
class ActionFacts:
    """Everything the wording needs, read once from the record."""

    kind: str  # a NotificationKind value
    action: str  # an Action value
    date: ApproxDate
    convention_code: str
    convention_titles: dict[str, str]
    state_names: dict[str, str]
    instrument_kind: str = ""
    reservation_kind: str = ""
    article: str = ""
    denunciation_effective_on: str = ""
    previous: ApproxDate | None = None
    corrected_reference: str = ""
    # An objection's: the names of the state that made the reservation objected to.
    reserving_state_names: dict[str, str] = field(default_factory=dict)
    # A territorial application's territory, a succession's predecessor, and the day a
    # provisional application applies from (ISO).
    territory: str = ""
    predecessor: str = ""
    effective_on: str = ""


@dataclass(frozen=True)
class Wording:
    """A notification's title and text in each language."""

    titles: dict[str, str]
    texts: dict[str, str]

    @classmethod
    def stored_in(cls, notification) -> "Wording":
        return cls(
            {language: getattr(notification, f"title_{language}") for language in LANGUAGES},
            {language: getattr(notification, f"text_{language}") for language in LANGUAGES},
        )

    @property
    def complete(self) -> bool:
        return all(self.titles.values()) and all(self.texts.values())

    def completed_by(self, other: "Wording") -> "Wording":
        """This wording, with what it leaves blank taken from ``other``."""
        return Wording(
            {language: self.titles[language] or other.titles[language] for language in LANGUAGES},
            {language: self.texts[language] or other.texts[language] for language in LANGUAGES},
        )

    @property
    def title(self) -> str:
        return self._in_active_language(self.titles)

    @property
    def text(self) -> str:
        return self._in_active_language(self.texts)

    @staticmethod
    def _in_active_language(values: dict[str, str]) -> str:
        return values.get((translation.get_language() or "en")[:2]) or values["en"]

    def fields(self) -> dict[str, str]:
        return {
            **{f"title_{language}": title for language, title in self.titles.items()},
            **{f"text_{language}": text for language, text in self.texts.items()},
        }


def _names(record) -> dict[str, str]:
    """A state's name in each language, English where the record lacks the translation."""
    return {language: getattr(record, f"name_{language}") or record.name_en for language in LANGUAGES}


def notification_facts(notification) -> ActionFacts:
    """What a notification's wording says, read from its facts and the record they point to (its
    participation with the convention and state, its reservation, objection or notice, and the
    notification it corrects)."""
    participation, reservation = notification.participation, notification.reservation
    objection, notice, corrects = notification.objection, notification.notice, notification.corrects
    convention = participation.convention
    is_correction = notification.previous_earliest is not None
    return ActionFacts(
        kind=notification.kind,
        action=notification.action,
        date=ApproxDate(notification.action_earliest, notification.action_latest),
        convention_code=convention.code,
        convention_titles={
            language: getattr(convention, f"title_{language}") or convention.title_en
            for language in LANGUAGES
        },
        state_names=_names(objection.objecting_state if objection else participation.state),
        instrument_kind=participation.instrument_kind,
        reservation_kind=reservation.kind if reservation else "",
        article=reservation.article if reservation else "",
        denunciation_effective_on=(
            participation.denunciation_effective_on.isoformat()
            if participation.denunciation_effective_on
            else ""
        ),
        previous=(
            ApproxDate(notification.previous_earliest, notification.previous_latest)
            if is_correction
            else None
        ),
        corrected_reference=corrects.reference if corrects else "",
        reserving_state_names=_names(participation.state) if objection else {},
        territory=notice.territory if notice else "",
        predecessor=notice.predecessor if notice else "",
        effective_on=notice.effective_on.isoformat() if notice and notice.effective_on else "",
    )


def _worded(facts: ActionFacts, language: str) -> tuple[str, str]:
    """The title and the text in the active language."""
    values = {
        "state": facts.state_names[language],
        "title": facts.convention_titles[language],
        "code": facts.convention_code,
        "date": date_phrase(facts.date),
        "instrument": _instrument(facts.instrument_kind),
        "reservation": _reservation(facts.reservation_kind),
        "article": (
            pgettext("notification text", " on {article}").format(article=facts.article)
            if facts.article
            else ""
        ),
        "effective": facts.denunciation_effective_on or facts.effective_on,
        "action": _action_name(facts.action),
        "ref": facts.corrected_reference or pgettext("notification text", "the earlier record"),
        "new": facts.date.isoformat(),
        "old": facts.previous.isoformat() if facts.previous else "",
        "reserving_state": facts.reserving_state_names.get(language, ""),
        "territory": facts.territory,
        "predecessor": facts.predecessor,
    }
    what = _title(facts.kind).format(corrected=_action_name(facts.action), **values)
    intro = pgettext(
        "notification text",
        "The General Secretariat of the Organization of American States, as depositary, informs that",
    )
    return (
        f"{facts.convention_code}: {values['state']}, {what}",
        f"{intro} {_sentence(facts.kind).format(**values)}",
    )


def notification_wording(facts: ActionFacts) -> Wording:
    titles, texts = {}, {}
    for language in LANGUAGES:
        with translation.override(language):
            titles[language], texts[language] = _worded(facts, language)
    return Wording(titles, texts)


# Mail around the notification, made in the subscriber's language (the caller's override).


def confirmation_subject() -> str:
    return pgettext("mail", "Confirm your subscription to depositary notifications")


def confirmation_body(scope: str, link: str) -> str:
    return pgettext(
        "mail",
        "Someone, probably you, asked to receive the OAS depositary notifications about: {scope}.\n\n"
        "To confirm, open this link and press the button: {link}\n\n"
        "If you did not ask for this, do nothing: you will receive nothing.",
    ).format(scope=scope, link=link)


def mail_footer(scope: str, link: str) -> str:
    return pgettext("mail", "You receive this because you subscribed to: {scope}.\nTo stop: {link}").format(
        scope=scope, link=link
    )


def scope_phrase(subscription, language: str) -> str:
    """What a subscription asks for, in ``language``: a convention's code, a state's name, or all."""
    if subscription.convention_id:
        return subscription.convention.code
    if subscription.state_id:
        return getattr(subscription.state, f"name_{language}") or subscription.state.name_en
    return pgettext("mail", "every notification")
