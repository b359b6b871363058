"""Check constraints whose errors belong to a form field, validated without a query each.

Django validates a ``CheckConstraint`` by sending its condition to the database (``Q.check``: a
savepoint and a ``SELECT 1 WHERE ...`` per constraint per instance). Our conditions use a handful
of lookups on the instance's own fields, so ``condition_holds`` decides them in Python, with the
SQL rules for NULL; anything else goes to the database as before. ``tracker/tests/
test_constraints.py`` checks on every constraint of every model that both give the same answer.
"""

import datetime as dt
import decimal
import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CheckConstraint, F, Q
from django.utils.translation import gettext_lazy as _


class ConditionNotEvaluable(Exception):
    """The condition uses something ``condition_holds`` does not evaluate: ask the database."""


def condition_holds(condition: Q, meta, instance, *, exclude=(), vendor: str) -> bool:
    """Whether ``instance`` passes the check ``condition``, as the database would answer.

    As in SQL, a condition that is unknown (NULL) passes. As ``CheckConstraint.validate``, a
    condition that names an excluded field is not checked. Raises ``ConditionNotEvaluable``.
    """
    return Condition(condition, meta, vendor).holds(InstanceValues(instance), exclude)


class InstanceValues(dict):
    """An instance's field values as the database compares them, each prepared once when asked."""

    def __init__(self, instance):
        super().__init__()
        self.instance = instance

    def of(self, name, field):
        try:
            return self[name]
        except KeyError:
            value = self.instance.pk if name == "pk" else getattr(self.instance, field.attname)
            self[name] = value = _prepared(field, value)
            return value


class Condition:
    """A check condition made into Python once, evaluated for each instance.

    Raises ``ConditionNotEvaluable`` when made if it uses a lookup or expression it does not know,
    and when evaluated on values that do not compare in Python as in SQL.
    """

    def __init__(self, condition: Q, meta, vendor: str):
        self.fields = {}  # name used in the condition -> model field
        self.test = self._node(condition, meta, vendor)

    def holds(self, values: InstanceValues, exclude=()) -> bool:
        if exclude and any(name in exclude for name in self.fields):
            return True
        return self.test(values) is not False

    def _node(self, condition: Q, meta, vendor):
        if condition.connector not in (Q.AND, Q.OR):
            raise ConditionNotEvaluable(condition.connector)
        tests = [
            self._node(child, meta, vendor) if isinstance(child, Q) else self._lookup(child, meta, vendor)
            for child in condition.children
        ]
        decisive = condition.connector == Q.OR  # True decides an OR, False an AND
        negated = condition.negated

        def test(values):
            # SQL's three-valued logic: None is unknown.
            result = not decisive
            for child_test in tests:
                outcome = child_test(values)
                if outcome is decisive:
                    result = decisive
                    break
                if outcome is None:
                    result = None
            return result if result is None or not negated else not result

        return test

    def _field(self, meta, name):
        if name == "pk":
            field = meta.pk
        else:
            field = next((f for f in meta.local_concrete_fields if f.name == name), None)
            if field is None or field.generated:
                raise ConditionNotEvaluable(name)
        self.fields[name] = field
        return field

    def _lookup(self, child, meta, vendor):
        if not isinstance(child, tuple):
            raise ConditionNotEvaluable(child)
        lookup, rhs = child
        name, _, kind = lookup.partition("__")
        kind = kind or "exact"
        field = self._field(meta, name)
        if kind == "isnull":
            if not isinstance(rhs, bool):
                raise ConditionNotEvaluable(lookup)
            return lambda values: (values.of(name, field) is None) == rhs
        if kind == "exact" and rhs is None:  # the ORM reads "= None" as IS NULL
            return lambda values: values.of(name, field) is None
        if kind == "in":
            return self._in(lookup, name, field, rhs)
        compare = _COMPARISONS.get(kind)
        if kind == "regex" and vendor == "sqlite" and isinstance(rhs, str):
            # What Django's SQLite backend registers as REGEXP; PostgreSQL's regular expressions
            # differ from Python's (in where "$" matches, for one), so they are asked there.
            pattern = re.compile(rhs)
            compare = lambda value, _pattern: bool(pattern.search(str(value)))  # noqa: E731
        elif compare is None:
            raise ConditionNotEvaluable(lookup)
        if isinstance(rhs, F):
            other_name, other_field = rhs.name, self._field(meta, rhs.name)

            def other_of(values):
                return values.of(other_name, other_field)
        elif hasattr(rhs, "resolve_expression"):
            raise ConditionNotEvaluable(lookup)
        else:
            prepared = _prepared(field, rhs)

            def other_of(values):
                return prepared

        def test(values):
            value, other = values.of(name, field), other_of(values)
            if value is None or other is None:
                return None
            if kind != "regex":
                group = _group_of(value)
                if group is None or group != _group_of(other) or (group == _TEXT and kind != "exact"):
                    raise ConditionNotEvaluable(lookup)
            return compare(value, other)

        return test

    def _in(self, lookup, name, field, choices):
        if isinstance(choices, str) or any(hasattr(choice, "resolve_expression") for choice in choices):
            raise ConditionNotEvaluable(lookup)
        # The ORM leaves NULL out of an IN list; an empty list is a query of its own.
        choices = [_prepared(field, choice) for choice in choices if choice is not None]
        groups = {_group_of(choice) for choice in choices}
        if len(groups) != 1 or None in groups:
            raise ConditionNotEvaluable(lookup)
        [group] = groups
        choices = set(choices)

        def test(values):
            value = values.of(name, field)
            if value is None:
                return None
            if _group_of(value) != group:
                raise ConditionNotEvaluable(lookup)
            return value in choices

        return test


# Values that the databases compare as Python does, in groups that compare with each other (a
# datetime is a date to Python, not to SQL). Text is equal or not; its order is the collation's.
_GROUPS = ((bool,), (int, float, decimal.Decimal), (dt.datetime,), (dt.date,), (dt.time,), (str,))
_TEXT = len(_GROUPS) - 1
_COMPARISONS = {
    "exact": lambda a, b: a == b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
}


def _group_of(value):
    return next((index for index, types in enumerate(_GROUPS) if isinstance(value, types)), None)


# Values the field's own conversion would leave as they are.
_PLAIN = {"CharField": str, "TextField": str, "DateField": dt.date, "BooleanField": bool}


def _prepared(field, value):
    """The value as the database compares it: the field's own conversion of what it stores."""
    if value is None or type(value) is _PLAIN.get(field.get_internal_type()):
        return value
    try:
        return field.get_prep_value(value)
    except (TypeError, ValueError, ValidationError):
        raise ConditionNotEvaluable(field.name) from None


class FieldCheckConstraint(CheckConstraint):
    """A check constraint whose validation error belongs to one form field.

    The database enforces the rule; ``full_clean()`` reports a breach under ``field`` so a form
    shows the message beside the input the user must correct, not only at the top. The condition
    is evaluated in Python where ``condition_holds`` can, by the database otherwise.
    """

    def __init__(self, *, field, **kwargs):
        self.field = field
        self._conditions = {}  # (model, vendor) -> Condition, or None for the database to decide
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        self.validate_values(model, InstanceValues(instance), exclude=exclude, using=using)

    def validate_values(self, model, values: InstanceValues, *, exclude=None, using=DEFAULT_DB_ALIAS):
        """As ``validate()``, with the instance's values shared with its other constraints."""
        using = using or DEFAULT_DB_ALIAS
        try:
            holds = self._condition(model, connections[using].vendor).holds(values, exclude or ())
        except ConditionNotEvaluable:
            try:
                super().validate(model, values.instance, exclude=exclude, using=using)
                return
            except ValidationError as error:
                raise ValidationError({self.field: error}) from None
        if not holds:
            error = ValidationError(self.get_violation_error_message(), code=self.violation_error_code)
            raise ValidationError({self.field: error})

    def _condition(self, model, vendor: str) -> "Condition":
        key = (model, vendor)
        if key not in self._conditions:
            try:
                self._conditions[key] = Condition(self.condition, model._meta, vendor)
            except ConditionNotEvaluable:
                self._conditions[key] = None
        if self._conditions[key] is None:
            raise ConditionNotEvaluable(self.name)
        return self._conditions[key]

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return isinstance(other, FieldCheckConstraint) and super().__eq__(other) and self.field == other.field


def interval_constraint(prefix: str, name: str, message, *, required: bool = False) -> FieldCheckConstraint:
    """Both bounds of an approximate date (``<prefix>_earliest``..``<prefix>_latest``), in order.

    Comparisons with NULL pass a SQL CHECK, so each bound is required explicitly; an optional
    date may also be entirely empty.
    """
    earliest, latest = f"{prefix}_earliest", f"{prefix}_latest"
    neither = Q(**{f"{earliest}__isnull": True, f"{latest}__isnull": True})
    both = Q(**{f"{earliest}__isnull": False, f"{latest}__isnull": False, f"{latest}__gte": F(earliest)})
    return FieldCheckConstraint(
        condition=both if required else neither | both,
        name=name,
        field=earliest,
        violation_error_message=message,
    )


def one_of(field: str, choices) -> Q:
    """The field holds one of ``choices`` (Django checks choices in forms, not in the database)."""
    return Q(**{f"{field}__in": [value for value, _label in choices]})


# The years a date can have, in Python as in the databases: 1 to 9999. Forms say so beside the
# field; ``year_constraint`` makes the database hold it too (SQLite would keep any integer).
YEAR_VALIDATORS = [MinValueValidator(dt.MINYEAR), MaxValueValidator(dt.MAXYEAR)]


def year_constraint(field: str, name: str) -> FieldCheckConstraint:
    """``field`` holds a year from 1 to 9999 (or nothing, if it may be empty)."""
    return FieldCheckConstraint(
        condition=Q(**{f"{field}__gte": dt.MINYEAR, f"{field}__lte": dt.MAXYEAR}),
        name=name,
        field=field,
        violation_error_message=_("Give a year from 1 to 9999."),
    )
