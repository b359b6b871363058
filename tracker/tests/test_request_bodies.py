"""A request sending more than its address takes is refused (413) before anything reads it:
nothing is written to disk, whoever sends it. Pages that take a file allow that file more."""

import json

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import FileField
from django.test import Client, RequestFactory
from django.urls import resolve, reverse
from import_export.admin import ImportMixin

from questionnaires.tests.factories import SubmissionFactory
from questionnaires.uploads import MAX_DOCUMENT_BYTES
from states.models import State
from states.tests.factories import LiaisonFactory, UserFactory
from tracker.request_bodies import largest_request_max_bytes, request_max_bytes
from tracker.tests.admin_pages import admin_url, secretariat_user

pytestmark = pytest.mark.django_db

LIMIT = 10_000


@pytest.fixture(autouse=True)
def small_limits(settings, tmp_path):
    settings.REQUEST_MAX_BYTES = LIMIT
    settings.MEDIA_ROOT = tmp_path / "media"
    # Every uploaded file the form parser keeps goes to disk, here, where the tests look.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings


def a_file(size: int, name="big.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"x" * size)


def anonymous_with_a_csrf_cookie() -> Client:
    """Anyone, who sends a CSRF cookie of her own making: Django then reads the form for its
    token (without a cookie it would refuse the POST unread)."""
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    return client


def test_an_anonymous_post_over_the_limit_is_refused_before_any_of_it_is_written(small_limits):
    answer = anonymous_with_a_csrf_cookie().post(reverse("login"), {"file": a_file(3 * LIMIT)})

    assert answer.status_code == 413
    assert "Too large to send" in answer.text
    assert "Inter-American treaty record" in answer.text  # the site's own layout
    assert "Content-Security-Policy" in answer.headers  # and its headers
    assert not list(small_limits.FILE_UPLOAD_TEMP_DIR.iterdir())


def test_a_post_within_the_limit_reaches_the_page(small_limits):
    answer = anonymous_with_a_csrf_cookie().post(reverse("login"), {"file": a_file(LIMIT // 2)})

    # The CSRF check read the form (its file went to disk meanwhile) and refused the made-up token.
    assert answer.status_code == 403


@pytest.mark.parametrize(
    "language, heading",
    [
        ("es", "Demasiado grande para enviar"),
        ("fr", "Trop volumineux pour être envoyé"),
        ("pt", "Grande demais para enviar"),
    ],
)
def test_the_refusal_is_in_the_readers_language(language, heading):
    answer = Client(headers={"accept-language": language}).post(reverse("login"), {"file": a_file(3 * LIMIT)})

    assert answer.status_code == 413
    assert heading in answer.text
    assert f'<html lang="{language}">' in answer.text
    assert answer["Content-Language"] == language


def test_the_refusal_says_how_much_was_sent_and_how_much_is_taken():
    answer = Client().post(reverse("login"), data=b"x" * 30_000, content_type="application/octet-stream")

    assert "What you sent is 29.3\xa0KB; this page takes at most 9.8\xa0KB. Nothing was saved." in answer.text


def test_the_api_refuses_in_json_in_the_readers_language():
    answer = Client(headers={"accept-language": "fr"}).post(
        reverse("api:convention-list"),
        data=json.dumps({"x": "y" * 2 * LIMIT}),
        content_type="application/json",
    )

    assert answer.status_code == 413
    assert answer["Content-Type"] == "application/json"
    assert answer.json() == {"detail": "Cette requête envoie 19,5\xa0Kio ; l’API accepte au plus 9,8\xa0Kio."}


def test_an_unknown_address_refuses_like_any_page():
    answer = Client().post("/no-such-page/", data=b"x" * (LIMIT + 1), content_type="application/octet-stream")

    assert answer.status_code == 413


def test_a_body_without_a_readable_length_is_not_read_at_all(small_limits):
    # As a chunked upload comes to Django (gunicorn passes no Content-Length): Django reads none
    # of it, so there is nothing to refuse.
    request = RequestFactory().post(reverse("login"), {"file": a_file(3 * LIMIT)})
    request.META["CONTENT_LENGTH"] = "chunked"
    request.META.pop("CSRF_COOKIE", None)

    assert request.POST == {} and request.FILES == {}


def test_an_admin_import_takes_its_file_and_the_rest_of_its_form(small_limits):
    small_limits.IMPORT_MAX_BYTES = 5 * LIMIT
    clerk = Client()
    clerk.force_login(secretariat_user(username="clerk"))
    url = admin_url(State, "import")

    taken = clerk.post(url, {"format": "0", "import_file": a_file(4 * LIMIT, "states.csv")})
    refused = clerk.post(url, {"format": "0", "import_file": a_file(6 * LIMIT + 1, "states.csv")})

    # Read by the import form, which finds no states' columns in it.
    assert taken.status_code == 200 and taken.context["form"].errors
    assert refused.status_code == 413
    # The confirmation sends no file: it has the ordinary allowance.
    assert request_max_bytes(resolve(admin_url(State, "process_import")).func) == LIMIT


def test_a_liaison_uploads_a_document_up_to_its_limit(small_limits):
    liaison = LiaisonFactory()
    submission = SubmissionFactory(state=liaison.state)
    client = Client()
    client.force_login(liaison.user)
    url = reverse("questionnaires:document_upload", args=[submission.pk])

    taken = client.post(url, {"file": a_file(3 * LIMIT)})
    refused = client.post(url, {"file": a_file(MAX_DOCUMENT_BYTES + LIMIT)})

    # Read by the form, which finds that these bytes are no PDF.
    assert taken.status_code == 400 and "file" in taken.context["document_form"].errors
    assert refused.status_code == 413


def _file_taking_admin_urls() -> list[str]:
    """The admin pages whose form has a file field, and every import page."""
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    urls = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, ImportMixin):
            urls.append(admin_url(model, "import"))
        form = model_admin.get_form(request, None, fields=None)
        if any(isinstance(field, FileField) for field in form.base_fields.values()):
            urls.append(admin_url(model, "change", 1))
            if model_admin.has_add_permission(request):
                urls.append(admin_url(model, "add"))
    return urls


def test_every_admin_page_that_takes_a_file_allows_it(small_limits):
    urls = _file_taking_admin_urls()

    assert urls
    for url in urls:
        assert request_max_bytes(resolve(url).func) >= LIMIT + MAX_DOCUMENT_BYTES, url


def test_the_largest_allowance_is_an_imports(small_limits):
    assert largest_request_max_bytes() == LIMIT + max(small_limits.IMPORT_MAX_BYTES, MAX_DOCUMENT_BYTES)
