"""The wording of a notification in the four official languages, made from the action.

Written here rather than through gettext catalogues because each notification is stored in all
four languages at once, as the depositary issues it; names of states and conventions come from
the record in each language. Dates are ISO; a date known only to the month, the year or a
range says so instead of inventing a day.
"""

from dataclasses import dataclass, field

from conventions.approx_dates import ApproxDate, Precision
from notifications.models import LANGUAGES

_DATE = {
    "en": {
        Precision.DAY: "on {day}",
        Precision.MONTH: "in {month} (day not known)",
        Precision.YEAR: "in {year} (day not known)",
        Precision.RANGE: "between {earliest} and {latest} (day not known)",
    },
    "es": {
        Precision.DAY: "el {day}",
        Precision.MONTH: "en {month} (día no conocido)",
        Precision.YEAR: "en {year} (día no conocido)",
        Precision.RANGE: "entre el {earliest} y el {latest} (día no conocido)",
    },
    "fr": {
        Precision.DAY: "le {day}",
        Precision.MONTH: "en {month} (jour inconnu)",
        Precision.YEAR: "en {year} (jour inconnu)",
        Precision.RANGE: "entre le {earliest} et le {latest} (jour inconnu)",
    },
    "pt": {
        Precision.DAY: "em {day}",
        Precision.MONTH: "em {month} (dia não conhecido)",
        Precision.YEAR: "em {year} (dia não conhecido)",
        Precision.RANGE: "entre {earliest} e {latest} (dia não conhecido)",
    },
}

_INSTRUMENT = {
    "en": {"ratification": "ratification", "accession": "accession", "acceptance": "acceptance",
           "approval": "approval", "succession": "succession"},
    "es": {"ratification": "ratificación", "accession": "adhesión", "acceptance": "aceptación",
           "approval": "aprobación", "succession": "sucesión"},
    "fr": {"ratification": "ratification", "accession": "adhésion", "acceptance": "acceptation",
           "approval": "approbation", "succession": "succession"},
    "pt": {"ratification": "ratificação", "accession": "adesão", "acceptance": "aceitação",
           "approval": "aprovação", "succession": "sucessão"},
}  # fmt: skip

_RESERVATION = {
    "en": {
        "reservation": "a reservation",
        "declaration": "a declaration",
        "understanding": "an understanding",
    },
    "es": {
        "reservation": "una reserva",
        "declaration": "una declaración",
        "understanding": "un entendimiento",
    },
    "fr": {
        "reservation": "une réserve",
        "declaration": "une déclaration",
        "understanding": "une interprétation",
    },
    "pt": {"reservation": "uma reserva", "declaration": "uma declaração", "understanding": "um entendimento"},
}

# What each action is called in a title, and the sentence that notifies it.
_TITLE = {
    "en": {"signature": "signature", "deposit": "instrument of {instrument}", "reservation": "{reservation}",
           "withdrawal": "withdrawal of {reservation}", "denunciation": "denunciation",
           "correction": "correction to {corrected}",
           "objection": "objection to {reservation} of {reserving_state}",
           "objection_withdrawn": "withdrawal of its objection to {reservation} of {reserving_state}",
           "territorial": "territorial application ({territory})",
           "territory_withdrawn": "withdrawal of territorial application ({territory})",
           "provisional": "provisional application", "provisional_ended": "end of provisional application",
           "succession": "succession"},
    "es": {"signature": "firma", "deposit": "instrumento de {instrument}", "reservation": "{reservation}",
           "withdrawal": "retiro de {reservation}", "denunciation": "denuncia",
           "correction": "corrección de {corrected}",
           "objection": "objeción a {reservation} de {reserving_state}",
           "objection_withdrawn": "retiro de su objeción a {reservation} de {reserving_state}",
           "territorial": "aplicación territorial ({territory})",
           "territory_withdrawn": "retiro de la aplicación territorial ({territory})",
           "provisional": "aplicación provisional", "provisional_ended": "fin de la aplicación provisional",
           "succession": "sucesión"},
    "fr": {"signature": "signature", "deposit": "instrument de {instrument}", "reservation": "{reservation}",
           "withdrawal": "retrait de {reservation}", "denunciation": "dénonciation",
           "correction": "rectification de {corrected}",
           "objection": "objection à {reservation} de {reserving_state}",
           "objection_withdrawn": "retrait de son objection à {reservation} de {reserving_state}",
           "territorial": "application territoriale ({territory})",
           "territory_withdrawn": "retrait de l'application territoriale ({territory})",
           "provisional": "application à titre provisoire",
           "provisional_ended": "fin de l'application à titre provisoire", "succession": "succession"},
    "pt": {"signature": "assinatura", "deposit": "instrumento de {instrument}",
           "reservation": "{reservation}", "withdrawal": "retirada de {reservation}",
           "denunciation": "denúncia", "correction": "correção de {corrected}",
           "objection": "objeção a {reservation} de {reserving_state}",
           "objection_withdrawn": "retirada de sua objeção a {reservation} de {reserving_state}",
           "territorial": "aplicação territorial ({territory})",
           "territory_withdrawn": "retirada da aplicação territorial ({territory})",
           "provisional": "aplicação provisória", "provisional_ended": "fim da aplicação provisória",
           "succession": "sucessão"},
}  # fmt: skip

_SENTENCE = {
    "en": {
        "intro": "The General Secretariat of the Organization of American States, as depositary, "
                 "informs that",
        "signature": "{state} signed the {title} ({code}) {date}.",
        "deposit": "{state} deposited its instrument of {instrument} of the {title} ({code}) {date}.",
        "reservation": "{state} made {reservation}{article} to the {title} ({code}) {date}.",
        "withdrawal": "{state} withdrew {reservation}{article} it had made to the {title} ({code}) {date}.",
        "denunciation": "{state} notified its denunciation of the {title} ({code}) {date}; "
                        "it takes effect on {effective}.",
        "correction": "the date of the {action} of {state} under the {title} ({code}), notified in {ref}, "
                      "is {new}, not {old} as recorded earlier.",
        "objection": "{state} objected {date} to {reservation}{article} made by {reserving_state} "
                     "to the {title} ({code}).",
        "objection_withdrawn": "{state} withdrew {date} its objection to {reservation}{article} made by "
                               "{reserving_state} to the {title} ({code}).",
        "territorial": "{state} made {date} a declaration of territorial application of the {title} "
                       "({code}) concerning {territory}.",
        "territory_withdrawn": "{state} withdrew {date} its declaration of territorial application of "
                               "the {title} ({code}) concerning {territory}.",
        "provisional": "{state} notified {date} that it applies the {title} ({code}) provisionally "
                       "from {effective}.",
        "provisional_ended": "{state} notified {date} the termination of its provisional application of "
                             "the {title} ({code}).",
        "succession": "{state} notified {date} its succession to the {title} ({code}) as successor of "
                      "{predecessor}.",
        "article": " on {article}",
        "previous": "the earlier record",
    },
    "es": {
        "intro": "La Secretaría General de la Organización de los Estados Americanos, en su calidad de "
                 "depositaria, informa que",
        "signature": "{state} firmó la {title} ({code}) {date}.",
        "deposit": "{state} depositó su instrumento de {instrument} de la {title} ({code}) {date}.",
        "reservation": "{state} formuló {reservation}{article} a la {title} ({code}) {date}.",
        "withdrawal": "{state} retiró {reservation}{article} que había formulado a la {title} ({code}) "
                      "{date}.",
        "denunciation": "{state} notificó su denuncia de la {title} ({code}) {date}; "
                        "surte efecto el {effective}.",
        "correction": "la fecha de {action} de {state} en la {title} ({code}), notificada en {ref}, "
                      "es {new}, no {old} como se registró antes.",
        "objection": "{state} objetó {date} {reservation}{article} de {reserving_state} a la {title} "
                     "({code}).",
        "objection_withdrawn": "{state} retiró {date} su objeción a {reservation}{article} de "
                               "{reserving_state} a la {title} ({code}).",
        "territorial": "{state} formuló {date} una declaración de aplicación territorial de la {title} "
                       "({code}) relativa a {territory}.",
        "territory_withdrawn": "{state} retiró {date} su declaración de aplicación territorial de la "
                               "{title} ({code}) relativa a {territory}.",
        "provisional": "{state} notificó {date} que aplica provisionalmente la {title} ({code}) desde el "
                       "{effective}.",
        "provisional_ended": "{state} notificó {date} la terminación de su aplicación provisional de la "
                             "{title} ({code}).",
        "succession": "{state} notificó {date} su sucesión en la {title} ({code}) como sucesor de "
                      "{predecessor}.",
        "article": " sobre el {article}",
        "previous": "el registro anterior",
    },
    "fr": {
        "intro": "Le Secrétariat général de l'Organisation des États Américains, en sa qualité de "
                 "dépositaire, informe que",
        "signature": "{state} a signé la {title} ({code}) {date}.",
        "deposit": "{state} a déposé son instrument de {instrument} de la {title} ({code}) {date}.",
        "reservation": "{state} a formulé {reservation}{article} à la {title} ({code}) {date}.",
        "withdrawal": "{state} a retiré {reservation}{article} formulée à la {title} ({code}) {date}.",
        "denunciation": "{state} a notifié sa dénonciation de la {title} ({code}) {date} ; "
                        "elle prend effet le {effective}.",
        "correction": "la date de {action} de {state} au titre de la {title} ({code}), notifiée dans {ref}, "
                      "est {new}, et non {old} comme enregistré auparavant.",
        "objection": "{state} a fait objection {date} à {reservation}{article} de {reserving_state} à "
                     "la {title} ({code}).",
        "objection_withdrawn": "{state} a retiré {date} son objection à {reservation}{article} de "
                               "{reserving_state} à la {title} ({code}).",
        "territorial": "{state} a fait {date} une déclaration d'application territoriale de la {title} "
                       "({code}) concernant {territory}.",
        "territory_withdrawn": "{state} a retiré {date} sa déclaration d'application territoriale de la "
                               "{title} ({code}) concernant {territory}.",
        "provisional": "{state} a notifié {date} qu'il applique la {title} ({code}) à titre provisoire "
                       "depuis le {effective}.",
        "provisional_ended": "{state} a notifié {date} la fin de son application à titre provisoire de la "
                             "{title} ({code}).",
        "succession": "{state} a notifié {date} sa succession à la {title} ({code}) en tant que "
                      "successeur de {predecessor}.",
        "article": " sur l'{article}",
        "previous": "l'enregistrement antérieur",
    },
    "pt": {
        "intro": "A Secretaria-Geral da Organização dos Estados Americanos, na qualidade de depositária, "
                 "informa que",
        "signature": "{state} assinou a {title} ({code}) {date}.",
        "deposit": "{state} depositou seu instrumento de {instrument} da {title} ({code}) {date}.",
        "reservation": "{state} formulou {reservation}{article} à {title} ({code}) {date}.",
        "withdrawal": "{state} retirou {reservation}{article} que havia formulado à {title} ({code}) {date}.",
        "denunciation": "{state} notificou sua denúncia da {title} ({code}) {date}; "
                        "ela produz efeito em {effective}.",
        "correction": "a data de {action} de {state} na {title} ({code}), notificada em {ref}, "
                      "é {new}, e não {old} como registrado antes.",
        "objection": "{state} objetou {date} {reservation}{article} de {reserving_state} à {title} "
                     "({code}).",
        "objection_withdrawn": "{state} retirou {date} sua objeção a {reservation}{article} de "
                               "{reserving_state} à {title} ({code}).",
        "territorial": "{state} formulou {date} uma declaração de aplicação territorial da {title} "
                       "({code}) relativa a {territory}.",
        "territory_withdrawn": "{state} retirou {date} sua declaração de aplicação territorial da {title} "
                               "({code}) relativa a {territory}.",
        "provisional": "{state} notificou {date} que aplica provisoriamente a {title} ({code}) desde "
                       "{effective}.",
        "provisional_ended": "{state} notificou {date} o término de sua aplicação provisória da {title} "
                             "({code}).",
        "succession": "{state} notificou {date} sua sucessão na {title} ({code}) como sucessor de "
                      "{predecessor}.",
        "article": " sobre o {article}",
        "previous": "o registro anterior",
    },
}  # fmt: skip

# The action named inside a correction's sentence.
_ACTION_NAME = {
    "en": {"signature": "signature", "deposit": "deposit", "reservation": "reservation or declaration",
           "withdrawal": "withdrawal", "denunciation": "denunciation", "objection": "objection",
           "objection_withdrawn": "withdrawal of an objection", "territorial": "territorial application",
           "territory_withdrawn": "withdrawal of territorial application",
           "provisional": "provisional application", "provisional_ended": "end of provisional application",
           "succession": "succession"},
    "es": {"signature": "firma", "deposit": "depósito", "reservation": "reserva o declaración",
           "withdrawal": "retiro", "denunciation": "denuncia", "objection": "objeción",
           "objection_withdrawn": "retiro de una objeción", "territorial": "aplicación territorial",
           "territory_withdrawn": "retiro de la aplicación territorial",
           "provisional": "aplicación provisional", "provisional_ended": "fin de la aplicación provisional",
           "succession": "sucesión"},
    "fr": {"signature": "signature", "deposit": "dépôt", "reservation": "réserve ou déclaration",
           "withdrawal": "retrait", "denunciation": "dénonciation", "objection": "objection",
           "objection_withdrawn": "retrait d'une objection", "territorial": "application territoriale",
           "territory_withdrawn": "retrait de l'application territoriale",
           "provisional": "application à titre provisoire",
           "provisional_ended": "fin de l'application à titre provisoire", "succession": "succession"},
    "pt": {"signature": "assinatura", "deposit": "depósito", "reservation": "reserva ou declaração",
           "withdrawal": "retirada", "denunciation": "denúncia", "objection": "objeção",
           "objection_withdrawn": "retirada de uma objeção", "territorial": "aplicação territorial",
           "territory_withdrawn": "retirada da aplicação territorial",
           "provisional": "aplicação provisória", "provisional_ended": "fim da aplicação provisória",
           "succession": "sucessão"},
}  # fmt: skip


def date_phrase(date: ApproxDate, language: str) -> str:
    """The date as honestly as it is known, e.g. "in 2005-12 (day not known)"."""
    return _DATE[language][date.precision].format(
        day=date.earliest.isoformat(),
        month=date.isoformat(),
        year=date.isoformat(),
        earliest=date.earliest.isoformat(),
        latest=date.latest.isoformat(),
    )


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
    titles: dict[str, str]
    texts: dict[str, str]

    def fields(self) -> dict[str, str]:
        return {
            **{f"title_{language}": title for language, title in self.titles.items()},
            **{f"text_{language}": text for language, text in self.texts.items()},
        }


def notification_wording(facts: ActionFacts) -> Wording:
    titles, texts = {}, {}
    for language in LANGUAGES:
        sentences = _SENTENCE[language]
        values = {
            "state": facts.state_names[language],
            "title": facts.convention_titles[language],
            "code": facts.convention_code,
            "date": date_phrase(facts.date, language),
            "instrument": _INSTRUMENT[language].get(facts.instrument_kind, facts.instrument_kind),
            "reservation": _RESERVATION[language].get(facts.reservation_kind, facts.reservation_kind),
            "article": sentences["article"].format(article=facts.article) if facts.article else "",
            "effective": facts.denunciation_effective_on or facts.effective_on,
            "action": _ACTION_NAME[language][facts.action],
            "ref": facts.corrected_reference or sentences["previous"],
            "new": facts.date.isoformat(),
            "old": facts.previous.isoformat() if facts.previous else "",
            "reserving_state": facts.reserving_state_names.get(language, ""),
            "territory": facts.territory,
            "predecessor": facts.predecessor,
        }
        what = _TITLE[language][facts.kind].format(corrected=_ACTION_NAME[language][facts.action], **values)
        titles[language] = f"{facts.convention_code}: {values['state']}, {what}"
        texts[language] = f"{sentences['intro']} {sentences[facts.kind].format(**values)}"
    return Wording(titles, texts)


# Mail around the notification: the confirmation of a subscription and the footer of each mail.
MAIL = {
    "en": {
        "confirm_subject": "Confirm your subscription to depositary notifications",
        "confirm_body": "Someone, probably you, asked to receive the OAS depositary notifications about: "
                        "{scope}.\n\nTo confirm, open this link and press the button: {link}\n\n"
                        "If you did not ask for this, do nothing: you will receive nothing.",
        "footer": "You receive this because you subscribed to: {scope}.\nTo stop: {link}",
        "everything": "every notification",
    },
    "es": {
        "confirm_subject": "Confirme su suscripción a las notificaciones del depositario",
        "confirm_body": "Alguien, probablemente usted, pidió recibir las notificaciones del depositario de "
                        "la OEA sobre: {scope}.\n\nPara confirmar, abra este enlace y pulse el botón: "
                        "{link}\n\n"
                        "Si no lo pidió, no haga nada: no recibirá nada.",
        "footer": "Recibe este mensaje porque se suscribió a: {scope}.\nPara dejar de recibirlos: {link}",
        "everything": "todas las notificaciones",
    },
    "fr": {
        "confirm_subject": "Confirmez votre abonnement aux notifications du dépositaire",
        "confirm_body": "Quelqu'un, sans doute vous, a demandé à recevoir les notifications du dépositaire "
                        "de l'OEA sur : {scope}.\n\nPour confirmer, ouvrez ce lien et appuyez sur le "
                        "bouton : "
                        "{link}\n\nSi vous ne l'avez pas demandé, ne faites rien : vous ne recevrez rien.",
        "footer": "Vous recevez ce message car vous êtes abonné à : {scope}.\nPour arrêter : {link}",
        "everything": "toutes les notifications",
    },
    "pt": {
        "confirm_subject": "Confirme sua assinatura das notificações do depositário",
        "confirm_body": "Alguém, provavelmente você, pediu para receber as notificações do depositário da "
                        "OEA sobre: {scope}.\n\nPara confirmar, abra este link e clique no botão: {link}\n\n"
                        "Se você não pediu, não faça nada: não receberá nada.",
        "footer": "Você recebe esta mensagem porque assinou: {scope}.\nPara parar: {link}",
        "everything": "todas as notificações",
    },
}  # fmt: skip


def scope_phrase(subscription, language: str) -> str:
    """What a subscription asks for, in ``language``: a convention's code, a state's name, or all."""
    if subscription.convention_id:
        return subscription.convention.code
    if subscription.state_id:
        return getattr(subscription.state, f"name_{language}") or subscription.state.name_en
    return MAIL[language]["everything"]
