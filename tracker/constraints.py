from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint


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
