"""Where uploads live: public media under MEDIA_ROOT, private files under PRIVATE_MEDIA_ROOT.

Wagtail stores documents through the default storage under `documents/`, and a document may belong to a
private group, a closed group or a draft progress update. A web server's `/media/` alias serves whatever is
under MEDIA_ROOT to anyone who knows the name, so documents must not be there at all. `MediaStorage` is the
default storage: names under a private prefix (`documents/` by default, ROUNDTABLE_PRIVATE_MEDIA_PREFIXES)
are kept under PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, and have no URL; everything else (images, renditions)
stays public under MEDIA_ROOT. Documents are then served only by Wagtail's serve view
(WAGTAILDOCS_SERVE_METHOD = "serve_view"), after the `before_serve_document` hooks asked the access policy.

One storage that routes by name, rather than a storage on Wagtail's document field, keeps Wagtail's own
migrations untouched and needs no custom document model.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils._os import safe_join

DEFAULT_PRIVATE_PREFIXES = ("documents/",)


def private_media_root() -> Path:
    """PRIVATE_MEDIA_ROOT, or a `private-media` folder beside MEDIA_ROOT."""
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    return Path(settings.MEDIA_ROOT).resolve().with_name("private-media")


def private_prefixes() -> tuple[str, ...]:
    return tuple(getattr(settings, "ROUNDTABLE_PRIVATE_MEDIA_PREFIXES", DEFAULT_PRIVATE_PREFIXES))


def is_private_name(name: str) -> bool:
    """Whether a stored name (or a requested /media/ path) falls under a private prefix, however it is
    spelled: `./`, `//`, `..` segments and letter case (a case-insensitive file system) are normalised."""
    normalised = posixpath.normpath("/" + str(name).replace("\\", "/")).lstrip("/").casefold()
    return any(normalised.startswith(prefix.casefold()) for prefix in private_prefixes())


class MediaStorage(FileSystemStorage):
    """The default storage: public files under MEDIA_ROOT, private ones (by name) under PRIVATE_MEDIA_ROOT."""

    def path(self, name: str) -> str:
        if is_private_name(name):
            return safe_join(str(private_media_root()), name)
        return super().path(name)

    def _save(self, name: str, content) -> str:
        saved = super()._save(name, content)
        if not is_private_name(name):
            return saved
        # FileSystemStorage names the file relative to MEDIA_ROOT ("../private-media/documents/…"): name it
        # relative to the private root instead, so it keeps its prefix.
        full_path = os.path.normpath(os.path.join(self.location, saved))
        return os.path.relpath(full_path, os.path.abspath(private_media_root())).replace("\\", "/")

    def _ensure_location_group_id(self, full_path: str) -> None:
        """Django gives a saved file the group of MEDIA_ROOT; a private file takes its own root's group."""
        private_root = os.path.abspath(private_media_root())
        if os.path.abspath(full_path).startswith(private_root + os.sep):
            if os.name == "posix":
                group_id = os.stat(private_root).st_gid
                if os.stat(full_path).st_gid != group_id:
                    with contextlib.suppress(PermissionError):
                        os.chown(full_path, uid=-1, gid=group_id)
            return
        super()._ensure_location_group_id(full_path)

    def url(self, name: str | None) -> str:
        if name and is_private_name(name):
            # Wagtail's serve view treats NotImplementedError as "no direct URL" and streams the file itself.
            raise NotImplementedError("Private files have no public URL; they are served by a guarded view.")
        return super().url(name)


def move_private_files_out_of_media(media_root: Path | None = None, private_root: Path | None = None) -> int:
    """Move files under a private prefix that still sit in MEDIA_ROOT (uploaded before private storage
    existed) to PRIVATE_MEDIA_ROOT, keeping their names. Returns how many files moved; safe to run again."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    private_root = Path(private_root or private_media_root())
    moved = 0
    for prefix in private_prefixes():
        source_dir = media_root / prefix.strip("/")
        if not source_dir.is_dir():
            continue
        for source in sorted(path for path in source_dir.rglob("*") if path.is_file()):
            target = private_root / source.relative_to(media_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                source.unlink()
            else:
                shutil.move(str(source), str(target))
            moved += 1
        shutil.rmtree(source_dir, ignore_errors=True)
    return moved
