"""Every admin export of the record reads its lines with what they name, not a query per line."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from import_export.admin import ExportMixin

from states.tests.factories import UserFactory
from tracker.record_admin import resource_lines

pytestmark = pytest.mark.django_db

EXPORTING_ADMINS = sorted(
    (model_admin for model_admin in admin.site._registry.values() if isinstance(model_admin, ExportMixin)),
    key=lambda model_admin: model_admin.model._meta.label,
)


def _export_queries(resource, queryset) -> int:
    with CaptureQueriesContext(connection) as queries:
        for _line in resource_lines(resource, queryset):
            pass
    return len(queries)


@pytest.mark.parametrize("model_admin", EXPORTING_ADMINS, ids=lambda model_admin: model_admin.model._meta.label)
def test_exporting_every_row_takes_the_queries_of_exporting_one(reference_record, model_admin):
    model = model_admin.model
    rows = model._default_manager.order_by("pk")
    if rows.count() < 2:
        pytest.skip(f"the reference record has fewer than two {model._meta.verbose_name_plural}")
    request = RequestFactory().get("/")
    request.user = UserFactory.build(is_superuser=True)
    [resource_class] = model_admin.get_export_resource_classes(request)[:1]

    one = _export_queries(resource_class(), rows.filter(pk=rows.first().pk))
    every = _export_queries(resource_class(), rows.all())

    assert every == one, f"{rows.count()} rows took {every} queries, one row {one}"
