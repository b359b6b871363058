"""The admin site of the record, which checks every write against the writer's permission.

Django's own pages check their permission, but not every view a library adds to a model's
admin does (django-simple-history saves a "revert" with view permission alone), and an admin
action that declares no permission runs for anyone who may see the list. So the site itself
refuses any writing request to a model's admin page unless the user holds the permission
that page writes with, whichever app added the page; a page this table does not know needs
"change". Read-only staff ("Secretariat (read only)") hold "view" only, so they write nothing.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# The permission each model admin view writes with, by the view's name (``has_<name>_permission``).
WRITE_PERMISSION_OF_VIEW = {
    "add_view": "add",
    "change_view": "change",
    "delete_view": "delete",
    "history_form_view": "change",  # django-simple-history: revert to a past version
    "import_action": "import",  # django-import-export
    "process_import": "import",
    "export_action": "export",
}


def action_permissions(model_admin, request) -> tuple[str, ...]:
    """What the action posted to a changelist needs: what it declares, or "change" if nothing.

    A save of the list's editable columns ("_save") is a change, as Django has it.
    """
    if "_save" in request.POST:
        return ("change",)
    action = model_admin.get_actions(request).get(request.POST.get("action", ""))
    declared = getattr(action[0], "allowed_permissions", ()) if action else ()
    return tuple(declared) or ("change",)


def write_permissions(model_admin, view_name: str, request) -> tuple[str, ...]:
    if view_name == "changelist_view":
        return action_permissions(model_admin, request)
    return (WRITE_PERMISSION_OF_VIEW.get(view_name, "change"),)


def writes_checked(view, model_admin):
    """``view`` of ``model_admin``, refusing a writing request without its permission (403)."""

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.method not in SAFE_METHODS:
            for permission in write_permissions(model_admin, view.__name__, request):
                if not getattr(model_admin, f"has_{permission}_permission")(request):
                    raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


# The admin index's order: the treaty record first, then the liaisons' reporting and what is sent
# from it; the rest (accounts, imports, sign-in attempts) after, in Django's alphabetical order.
APP_ORDER = ["conventions", "states", "questionnaires", "reports", "reminders", "notifications"]


def app_position(app: dict) -> tuple[int, str]:
    label = app["app_label"]
    return (APP_ORDER.index(label) if label in APP_ORDER else len(APP_ORDER), str(app["name"]))


class RecordAdminSite(admin.AdminSite):
    # The secretariat's tool, named as the public site is, in the reader's language.
    site_header = _("Inter-American treaty record")
    site_title = _("Inter-American treaty record")
    # The lists need the page's width at 1280 px; the index and the breadcrumbs lead to the rest.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        return sorted(super().get_app_list(request, app_label), key=app_position)

    def admin_view(self, view, cacheable=False):
        # Model admins hand their own bound views here (Django's, the libraries', ours). The
        # site's own pages (sign-in, one's own password) are not a model's and stay as they are.
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            view = writes_checked(view, model_admin)
        return super().admin_view(view, cacheable)


class RecordAdminConfig(AdminConfig):
    default_site = "tracker.admin_site.RecordAdminSite"
