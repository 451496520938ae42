"""Settings of the library plugin, with defaults, so it works on another host site.

- Library files are stored under the site's one private folder, `PRIVATE_MEDIA_ROOT` (cms.storage), outside
  `MEDIA_ROOT` and anything a web server serves: they are only ever sent through the library's own view, which
  asks the access policy first.
- `ROUNDTABLE_LIBRARY_MAX_UPLOAD_SIZE`: the largest file accepted (bytes). Default 20 MiB.
- `ROUNDTABLE_LIBRARY_FILE_EXTENSIONS`: what may be uploaded. Default PDF, Word, OpenDocument text, plain text
  and pictures (cms.uploads checks each by its content).
"""

from pathlib import Path

from django.conf import settings

from cms import storage

DEFAULT_EXTENSIONS = ("pdf", "docx", "odt", "txt", "png", "jpg", "jpeg", "webp")


def private_media_root() -> Path:
    return storage.private_media_root()


def max_upload_size() -> int:
    return int(getattr(settings, "ROUNDTABLE_LIBRARY_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))


def file_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "ROUNDTABLE_LIBRARY_FILE_EXTENSIONS", DEFAULT_EXTENSIONS))
