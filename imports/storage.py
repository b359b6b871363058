"""django-import-export's temporary storage (``IMPORT_EXPORT_TMP_STORAGE_CLASS``) kept as
``PendingImport`` rows, each owned by the user who uploaded it.

The library's folder storage takes the file's name from the confirmation POST, so anyone could
read or delete any file of the folder, or confirm another user's upload. Here the name is a
server-made UUID, and reading or deleting looks it up among the uploader's own imports.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from import_export.tmp_storages import BaseStorage

from imports.services import pending_import_create, pending_import_delete, pending_import_get

# The library builds the storage with no request (get_tmp_storage_class_kwargs takes none), so
# the admin view binds its user and model here for the time of the request.
_uploader: ContextVar[tuple | None] = ContextVar("pending_import_uploader", default=None)


@contextmanager
def pending_imports_of(user, model_label: str):
    token = _uploader.set((user, model_label))
    try:
        yield
    finally:
        _uploader.reset(token)


class PendingImportStorage(BaseStorage):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        uploader = _uploader.get()
        if uploader is None:
            raise ImproperlyConfigured("Import files are stored only within pending_imports_of(user, model).")
        self.owner, self.model_label = uploader

    def save(self, data):
        pending = pending_import_create(
            owner=self.owner, model_label=self.model_label, read_mode=self.read_mode, content=data
        )
        self.name = pending.name.hex

    def read(self):
        pending = self._pending()
        if pending.read_mode != self.read_mode:
            raise SuspiciousOperation("An import confirmed in another format than it was previewed in.")
        content = bytes(pending.content)
        return content if "b" in self.read_mode else content.decode(self.encoding or "utf-8")

    def remove(self):
        pending_import_delete(self._pending())

    def _pending(self):
        return pending_import_get(owner=self.owner, model_label=self.model_label, name=self.name)
