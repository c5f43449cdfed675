"""Uploads refused while they stream in, not after they have been read whole.

``LimitedUploadHandler`` stands first in ``FILE_UPLOAD_HANDLERS``. It passes each file's chunks
on to Django's handlers (memory, then a temporary file) until the file passes the largest upload
any use case takes (``IMPORT_MAX_BYTES``, ``REPORT_UPLOAD_MAX_BYTES``); past that it drops the rest
of the file as it arrives and hands the view an ``OversizeUpload`` instead: its size is what was
sent, and reading it raises the ValidationError every upload path already shows to the user.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _


def upload_limit():
    return max(settings.IMPORT_MAX_BYTES, settings.REPORT_UPLOAD_MAX_BYTES)


class OversizeUpload(UploadedFile):
    """A file that was larger than any upload we keep: nothing of it was kept."""

    def __init__(self, name, size, content_type, limit):
        super().__init__(file=None, name=name, content_type=content_type, size=size)
        self.limit = limit

    def error(self):
        return ValidationError(
            _("%(name)s is larger than %(mb)s MB.") % {"name": self.name, "mb": self.limit // 2**20}
        )

    def read(self, *args, **kwargs):
        raise self.error()

    def chunks(self, chunk_size=None):
        raise self.error()

    def open(self, mode=None):
        raise self.error()

    def close(self):
        pass


class LimitedUploadHandler(FileUploadHandler):
    """Counts each file's bytes; past the limit, keeps nothing more of it (see the module)."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = upload_limit()
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            return None  # the handlers after this one get nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.received > self.limit:
            return OversizeUpload(self.file_name, self.received, self.content_type, self.limit)
        return None  # the next handler returns the file it kept
