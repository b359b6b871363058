"""A record saved from a form opened before someone else saved it is refused, not saved over.

Each record that people edit carries a version (django-concurrency's ``AutoIncVersionField``),
raised by every save. A form carries the version its user saw; a save that brings an older one
is refused with what changed meanwhile, field by field, read from the record's history. The
form then carries the current version: saving it again applies the user's values deliberately.
django-concurrency's own check on each UPDATE (``WHERE version = …``) stays as the last guard.
"""

from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseModelFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME


def is_versioned(model) -> bool:
    return hasattr(model, "_concurrencymeta")


class VersionField(forms.IntegerField):
    """The version the user saw, hidden. Not required: a client that sends none is not checked."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


def form_version_set(form, version: int) -> None:
    """Make a bound form carry ``version``, as shown again and as posted next time."""
    data = form.data.copy()
    data[form.add_prefix("version")] = version
    form.data = data


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str

    def __str__(self):
        values = {"field": self.label, "old": self.old, "new": self.new}
        return gettext("%(field)s: “%(old)s” → “%(new)s”") % values


@dataclass(frozen=True)
class ChangesMeanwhile:
    """What was saved to a record after the version someone saw."""

    changes: list[Change]
    by_users: list  # who saved, oldest first, each once
    since: datetime | None = None  # when the version seen was saved, if the history has it


def _shown(field, value) -> str:
    if field.many_to_many:
        # simple-history gives each related row as a dict of the through table's columns.
        value = ", ".join(sorted(str(row[field.m2m_reverse_field_name()]) for row in value))
    if value is None or value == "":
        return gettext("(empty)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value)


def changes_since(record, version: int, *, fields=None) -> ChangesMeanwhile:
    """The changes to ``record`` (a versioned model with history) since its ``version``, in all
    its fields or in ``fields``.

    Read only when a save is refused: a few queries, whatever the record's size.
    """
    history = record.history.order_by("-history_date", "-history_id")
    now = history.first()
    # Before versions were kept every entry has version 0: the latest of them is what was seen.
    seen = history.filter(version=version).first()
    if now is None or seen is None:
        return ChangesMeanwhile([], [])
    delta = now.diff_against(seen, ["version"], fields, foreign_keys_are_objs=True)
    order = [field.name for field in type(record)._meta.get_fields()]
    changes = [
        Change(
            label=str(field.verbose_name).capitalize(),
            old=_shown(field, change.old),
            new=_shown(field, change.new),
        )
        for change in sorted(delta.changes, key=lambda change: order.index(change.field))
        for field in [type(record)._meta.get_field(change.field)]
    ]
    saves = history.filter(history_date__gt=seen.history_date).select_related("history_user")
    by_users = list({entry.history_user: None for entry in reversed(saves) if entry.history_user})
    return ChangesMeanwhile(changes, by_users, seen.history_date)


def stale_message(meanwhile: ChangesMeanwhile, who: str) -> str:
    """The refusal, with who saved meanwhile (``who``) and each change."""
    message = gettext(
        "%(who)s saved this record after you opened it; nothing of yours was saved. "
        "Check your changes against theirs and save again to apply yours over them."
    ) % {"who": who}
    if meanwhile.changes:
        message += " " + gettext("Changed meanwhile: %(changes)s.") % {
            "changes": "; ".join(str(change) for change in meanwhile.changes)
        }
    return message


class VersionCheckedForm(forms.ModelForm):
    """A model form that refuses a record saved by someone else after the form was opened.

    Validated inside the save's transaction (the admin's views are one): the record's row is
    locked from the check until the save, so no save slips between the two.
    """

    version = VersionField()
    # The current versions of a formset's rows, locked and read for all of them at once.
    versions_locked: dict | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An old version restored from the history page replaces the record's current one.
        if self.instance.pk is not None and hasattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME):
            self.instance.version = self._current_version()
            self.initial["version"] = self.instance.version

    def _current_version(self, *, locked=False) -> int | None:
        if locked and self.versions_locked is not None:
            return self.versions_locked.get(self.instance.pk)
        rows = type(self.instance)._base_manager.filter(pk=self.instance.pk)
        if locked:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        current = self._current_version(locked=True)
        seen = cleaned_data.get("version")
        if current is None or seen is None:
            cleaned_data["version"] = self.instance.version
        elif seen != current:
            meanwhile = changes_since(self.instance, seen)
            who = ", ".join(user.get_username() for user in meanwhile.by_users) or gettext("Someone else")
            form_version_set(self, current)
            raise ValidationError(stale_message(meanwhile, who), code="stale")
        return cleaned_data


class VersionCheckedFormSet(BaseModelFormSet):
    """Rows of versioned records, each refused as ``VersionCheckedForm`` refuses a record."""

    def full_clean(self):
        if self.is_bound:
            stored = [form.instance.pk for form in self.forms if form.instance.pk is not None]
            rows = self.model._base_manager.select_for_update().filter(pk__in=stored)
            versions = dict(rows.values_list("pk", "version"))
            for form in self.forms:
                form.versions_locked = versions
        super().full_clean()


RECORD_SAVED_MEANWHILE = _(
    "Someone else saved this record at the same moment; nothing of yours was saved. Open it again."
)
