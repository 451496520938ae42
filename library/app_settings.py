"""Settings of the library plugin, with defaults, so it works on another host site.

- `ROUNDTABLE_PRIVATE_MEDIA_ROOT`: the folder library files are stored in. It must lie outside `MEDIA_ROOT`
  and outside anything a web server serves: files are only ever sent through the library's own view, which
  asks the access policy first. Default: `<BASE_DIR>/private-media`.
- `ROUNDTABLE_LIBRARY_MAX_UPLOAD_SIZE`: the largest file accepted (bytes). Default 20 MiB.
- `ROUNDTABLE_LIBRARY_FILE_EXTENSIONS`: what may be uploaded. Default PDF, Word, OpenDocument text, plain text
  and pictures (cms.uploads checks each by its content).
"""

from pathlib import Path

from django.conf import settings

DEFAULT_EXTENSIONS = ("pdf", "docx", "odt", "txt", "png", "jpg", "jpeg", "webp")


def private_media_root() -> Path:
    configured = getattr(settings, "ROUNDTABLE_PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "private-media"


def max_upload_size() -> int:
    return int(getattr(settings, "ROUNDTABLE_LIBRARY_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))


def file_extensions() -> tuple[str, ...]:
    return tuple(getattr(settings, "ROUNDTABLE_LIBRARY_FILE_EXTENSIONS", DEFAULT_EXTENSIONS))
