import factory

from imports.models import ImportJob
from states.tests.factories import SecretariatStaffFactory


class ImportJobFactory(factory.django.DjangoModelFactory):
    """A background import of states waiting for its worker."""

    class Meta:
        model = ImportJob

    owner = factory.SubFactory(SecretariatStaffFactory)
    model_label = "states.state"
    file_name = "states.csv"
    format_index = 0
    read_mode = "r"
    content = b""
    rows = 3
