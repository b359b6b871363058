"""Helpers for tests of the record's admin pages: who gets in, and what a browser posts back."""

import datetime as dt

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.test import Client
from django.urls import reverse

from states.tests.factories import SecretariatStaffFactory, UserFactory


def registered_models(app_label: str) -> list:
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label == app_label),
        key=lambda model: model._meta.model_name,
    )


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def page_urls(record) -> list[str]:
    """Every admin page of a record's model: list, add, change, history, import, export."""
    model, pk = type(record), quote(record.pk)
    return [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", pk),
        admin_url(model, "history", pk),
        admin_url(model, "import"),
        admin_url(model, "export"),
    ]


def answers(client, records) -> dict[str, object]:
    """For every admin page of the records: the status, or where it redirects to."""
    found = {}
    for record in records:
        for url in page_urls(record):
            response = client.get(url)
            found[url] = response.url.split("?")[0] if response.status_code == 302 else response.status_code
    return found


def signed_in(user) -> Client:
    """A browser of its own, signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def staff_user(**kwargs):
    """A staff account with no permissions: it may sign in to the admin and nothing more."""
    return UserFactory(is_staff=True, **kwargs)


def secretariat_user(**kwargs):
    """A staff account in the secretariat group, as the secretariat's people have."""
    return SecretariatStaffFactory(**kwargs)


def _posted(value):
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return str(value)


def _form_data(form) -> dict:
    data = {}
    for field in form:
        if field.field.disabled:  # a browser does not send a disabled input
            continue
        value = field.value()
        if isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
            continue
        data[field.html_name] = _posted(value)
    return data


def change_form_data(response) -> dict:
    """What a browser posts back when the user saves an admin change page without editing it
    (or the history's page of an old version, which has no inline rows)."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data
