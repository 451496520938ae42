"""Checks every uploaded file passes: an allowed type (read from the file's first bytes, not trusted from its
name or the browser's Content-Type), a size limit, and a safe file name.

`check_upload(file, extensions=…, max_bytes=…)` raises `UploadRefused` with a clear, translated message, or
renames the file to a safe name and returns the MIME type its content shows. Used by Wagtail's document form
(cms.document_forms), forum attachments and commitment documents. An extension without a content check here
is refused, so adding a type to a setting cannot open a gap unnoticed.
"""

from __future__ import annotations

import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_NAME_LENGTH = 100
SNIFF_BYTES = 8192

OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
ODF_TYPES = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
MIME_TYPES = {
    "pdf": "application/pdf",
    "rtf": "application/rtf",
    "txt": "text/plain",
    "csv": "text/csv",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    **ODF_TYPES,
}
# Browsers may show these in the page; everything else is sent as a download.
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<svg",
    b"<?xml",
    b"<iframe",
    b"<meta",
)


class UploadRefused(Exception):
    """The file cannot be accepted; `message` says why, for the person who sent it."""

    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


def safe_filename(name: str, fallback: str = "file") -> str:
    """The last part of `name` (either slash), without control or format characters, path tricks or a leading
    dot, at most MAX_NAME_LENGTH characters with the extension kept."""
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").split("/")[-1]
    name = "".join(char for char in name if unicodedata.category(char)[0] not in {"C", "Z"} or char == " ")
    name = "_".join(name.split()).lstrip(".-_")
    name = "".join(char for char in name if char.isalnum() or char in "._-")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    extension = extension[:10]
    room = MAX_NAME_LENGTH - (len(extension) + 1 if extension else 0)
    stem = stem[:room].rstrip(".") or fallback
    return f"{stem}.{extension}" if extension else stem


def extension_of(name: str) -> str:
    return PurePosixPath(name).suffix.lower().lstrip(".")


def _head(file) -> bytes:
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode("utf-8", "replace")


def _zip_names(file) -> tuple[list[str], bytes]:
    """The member names of a ZIP container and its `mimetype` member (ODF), read without unpacking."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
            mimetype = b""
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                mimetype = archive.read("mimetype").strip()
            return names, mimetype
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError):
        return [], b""
    finally:
        file.seek(0)


def _is_plain_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        text.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(text) - 4:  # only a character cut at the end of the sample is fine
            return False
    controls = sum(1 for byte in text if byte < 32 and byte not in (9, 10, 12, 13))
    return controls == 0 and not text.lstrip().lower().startswith(MARKUP_STARTS)


def content_matches(file, extension: str) -> bool:
    """Does the file's content look like a file of this extension?"""
    head = _head(file)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "rtf":
        return head.startswith(b"{\\rtf")
    if extension in {"txt", "csv"}:
        return _is_plain_text(head)
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in {"jpg", "jpeg"}:
        return head.startswith(b"\xff\xd8\xff")
    if extension == "gif":
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension == "webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if extension in OOXML_PARTS:
        if not head.startswith(b"PK\x03\x04"):
            return False
        names, _mimetype = _zip_names(file)
        return "[Content_Types].xml" in names and any(n.startswith(OOXML_PARTS[extension]) for n in names)
    if extension in ODF_TYPES:
        if not head.startswith(b"PK\x03\x04"):
            return False
        _names, mimetype = _zip_names(file)
        return mimetype == ODF_TYPES[extension].encode()
    return False


def check_upload(file, *, extensions, max_bytes: int) -> str:
    """Refuse a file of the wrong type or size; otherwise give it a safe name and return its MIME type."""
    name = safe_filename(str(getattr(file, "name", "") or ""))
    shown = name if len(name) <= 60 else f"{name[:57]}…"
    allowed = sorted({extension.lower().lstrip(".") for extension in extensions})
    extension = extension_of(name)
    if extension not in allowed:
        raise UploadRefused(
            _("“%(name)s” cannot be uploaded: allowed file types are %(types)s.")
            % {"name": shown, "types": ", ".join(allowed)}
        )
    if not file.size:
        raise UploadRefused(_("“%(name)s” is empty.") % {"name": shown})
    if file.size > max_bytes:
        raise UploadRefused(
            _("“%(name)s” is %(size)s; the limit is %(limit)s.")
            % {"name": shown, "size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)}
        )
    if extension not in MIME_TYPES or not content_matches(file, extension):
        raise UploadRefused(
            _("“%(name)s” is not a real .%(extension)s file: its content is of another type.")
            % {"name": shown, "extension": extension}
        )
    file.name = name
    return MIME_TYPES[extension]


def disposition_type(content_type: str) -> str:
    """ "inline" for types a browser may show in the page (PDF, raster images), else "attachment"."""
    return "inline" if content_type in INLINE_TYPES else "attachment"
