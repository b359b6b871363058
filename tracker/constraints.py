from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, F, Q


class FieldCheckConstraint(CheckConstraint):
    """A check constraint whose validation error belongs to one form field.

    The database enforces the rule; ``full_clean()`` reports a breach under ``field`` so a form
    shows the message beside the input the user must correct, not only at the top.
    """

    def __init__(self, *, field, **kwargs):
        self.field = field
        super().__init__(**kwargs)

    def validate(self, model, instance, exclude=None, using=None):
        try:
            super().validate(model, instance, exclude=exclude, **({"using": using} if using else {}))
        except ValidationError as error:
            raise ValidationError({self.field: error}) from None

    def deconstruct(self):
        path, args, kwargs = super().deconstruct()
        kwargs["field"] = self.field
        return path, args, kwargs

    def __eq__(self, other):
        return super().__eq__(other) and self.field == getattr(other, "field", None)


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
