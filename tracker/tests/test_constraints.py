"""Check constraints decided in Python give the database's answer, on every constraint we have.

``condition_holds`` replaces a query per constraint per saved row (see tracker/constraints.py):
for random values of the fields each condition names, including NULL, equal values and the
condition's own literals, it must agree with ``Q.check``, the database's answer, on PostgreSQL
and on SQLite (CI runs this module on both).
"""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import CheckConstraint, F, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conventions.models import Convention
from states.tests.factories import StateFactory
from tracker.constraints import ConditionNotEvaluable, condition_holds

pytestmark = pytest.mark.django_db

CHECK_CONSTRAINTS = [
    pytest.param(model, constraint, id=f"{model._meta.label}.{constraint.name}")
    for model in apps.get_models()
    for constraint in model._meta.constraints
    if isinstance(constraint, CheckConstraint)
]

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2000, 1, 4))
MOMENTS = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2000, 1, 1, 0, 0, 3), timezones=st.just(dt.UTC)
)
# Neither database can hold the NUL character or a lone surrogate in text.
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]), max_size=4)


def _literals(condition: Q) -> dict[str, list]:
    """The values the condition compares each field with: the edges the random values must hit."""
    found = {}
    for child in condition.children:
        if isinstance(child, Q):
            for name, values in _literals(child).items():
                found.setdefault(name, []).extend(values)
            continue
        lookup, value = child
        name, _, kind = lookup.partition("__")
        if kind == "in":
            found.setdefault(name, []).extend(value)
        elif kind == "regex":
            found.setdefault(name, []).append(st.from_regex(value, fullmatch=True))
        elif kind != "isnull" and not isinstance(value, F):
            found.setdefault(name, []).append(value)
    return found


def _values_of(field: models.Field, literals: list):
    """Values of the field's kind: few distinct ones, so that equal values and bounds come up."""
    if isinstance(field, models.DateTimeField):
        generic = MOMENTS
    elif isinstance(field, models.DateField):
        generic = DAYS
    elif isinstance(field, models.BooleanField):
        generic = st.booleans()
    elif isinstance(field, models.DecimalField):
        generic = st.decimals(min_value=-2, max_value=3, places=1)
    elif isinstance(field, (models.IntegerField, models.ForeignKey, models.AutoField)):
        generic = st.integers(min_value=-2, max_value=3)
    elif isinstance(field, (models.CharField, models.TextField)):
        generic = TEXT
    else:
        raise AssertionError(f"no values for {field!r}: add its kind here")
    drawn = [literal if isinstance(literal, st.SearchStrategy) else st.just(literal) for literal in literals]
    return st.one_of(st.none(), generic, *drawn)


def _instances(model, constraint):
    literals = _literals(constraint.condition)
    fields = {
        name: model._meta.pk if name == "pk" else model._meta.get_field(name)
        for name in constraint.condition.referenced_base_fields
    }
    return st.fixed_dictionaries(
        {name: _values_of(field, literals.get(name, [])) for name, field in fields.items()}
    ).map(lambda values: _instance(model, fields, values))


def _instance(model, fields, values):
    instance = model()
    for name, value in values.items():
        setattr(instance, fields[name].attname, value)
    return instance


def _database_says(model, constraint, instance) -> bool:
    """The database's answer: CheckConstraint's own validation, a query."""
    try:
        CheckConstraint.validate(constraint, model, instance)
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize(("model", "constraint"), CHECK_CONSTRAINTS)
def test_python_and_the_database_agree_on_the_constraint(model, constraint):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(instance=_instances(model, constraint))
    def agree(instance):
        try:
            python_says = condition_holds(
                constraint.condition, model._meta, instance, vendor=connection.vendor
            )
        except ConditionNotEvaluable:
            # Only PostgreSQL's regular expressions are left to the database.
            assert connection.vendor == "postgresql"
            assert "__regex" in str(constraint.condition)
            return
        assert python_says == _database_says(model, constraint, instance)

    agree()


def test_a_condition_on_an_excluded_field_is_not_checked_as_in_django():
    constraint = next(c for c in Convention._meta.constraints if c.name == "convention_opened_after_adoption")
    convention = Convention(adopted_on=dt.date(2002, 6, 3), opened_for_signature_on=dt.date(2002, 6, 2))

    assert not condition_holds(constraint.condition, Convention._meta, convention, vendor=connection.vendor)
    assert condition_holds(
        constraint.condition, Convention._meta, convention, exclude={"adopted_on"}, vendor=connection.vendor
    )
    assert _database_says(Convention, constraint, convention) is False


def test_what_python_cannot_decide_goes_to_the_database():
    unknown_lookup = Q(title_en__startswith="Inter")
    with pytest.raises(ConditionNotEvaluable):
        condition_holds(
            unknown_lookup, Convention._meta, Convention(title_en="Inter"), vendor=connection.vendor
        )
    text_order = Q(code__gt=F("short_name_en"))  # text order is the collation's
    with pytest.raises(ConditionNotEvaluable):
        condition_holds(text_order, Convention._meta, Convention(code="b", short_name_en="a"), vendor="sqlite")


@pytest.mark.django_db
def test_the_database_refuses_a_year_no_calendar_has_even_past_the_forms():
    # A year that fits PostgreSQL's smallint, so the check is what refuses it there too.
    state = StateFactory(oas_member_since=1948)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(state).objects.filter(pk=state.pk).update(oas_member_since=10_000)
    with pytest.raises(ValidationError) as refused:
        StateFactory.build(oas_member_since=10_000).full_clean()
    assert "oas_member_since" in refused.value.message_dict
