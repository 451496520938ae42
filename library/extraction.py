"""Text inside uploaded files, read once at upload so full-text search can find a word inside a document.

- PDF through pypdf; a PDF without a text layer (a scan) is fine and says so (`TextStatus.NO_TEXT`).
- Word (.docx) and OpenDocument text (.odt) are ZIP archives of XML: read with the standard library and parsed
  with defusedxml (no entities, no external references), with limits on the unpacked size (ZIP bombs).
- An encrypted (password-protected) or broken file raises `ExtractionRefused` with a clear message; the caller
  saves nothing.
"""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from library.choices import TextStatus

logger = logging.getLogger(__name__)

#: Index at most this much text of one file (a few hundred pages); the rest is still in the file.
MAX_TEXT_CHARS = 500_000
#: The most a single XML part of a .docx/.odt may unpack to.
MAX_XML_BYTES = 50 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted Office files are OLE containers, not ZIPs

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


class ExtractionRefused(Exception):
    def __init__(self, message) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class Extracted:
    text: str
    status: str


def _status(text: str) -> Extracted:
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())[:MAX_TEXT_CHARS]
    return Extracted(text, TextStatus.TEXT if text else TextStatus.NO_TEXT)


def _pdf_text(file, name: str) -> Extracted:
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            raise ExtractionRefused(
                _("“%(name)s” is encrypted or protected with a password: upload an unprotected copy.")
                % {"name": name}
            )
        parts = []
        length = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            length += len(text)
            if length > MAX_TEXT_CHARS:
                break
    except ExtractionRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError):
        logger.info("Refused a PDF that could not be read", exc_info=True)
        raise ExtractionRefused(
            _("“%(name)s” could not be read: the PDF is damaged. Export it again and upload the copy.")
            % {"name": name}
        ) from None
    finally:
        file.seek(0)
    return _status("\n".join(parts))


def _xml_part(file, part: str, name: str) -> bytes:
    try:
        with zipfile.ZipFile(file) as archive:
            info = archive.getinfo(part)
            if info.file_size > MAX_XML_BYTES:
                raise ExtractionRefused(_("“%(name)s” unpacks to too much text to read.") % {"name": name})
            if info.flag_bits & 0x1:
                raise ExtractionRefused(
                    _("“%(name)s” is encrypted or protected with a password: upload an unprotected copy.")
                    % {"name": name}
                )
            with archive.open(info) as stream:
                data = stream.read(MAX_XML_BYTES + 1)
            if len(data) > MAX_XML_BYTES:
                raise ExtractionRefused(_("“%(name)s” unpacks to too much text to read.") % {"name": name})
            return data
    except ExtractionRefused:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, NotImplementedError, EOFError):
        raise ExtractionRefused(
            _("“%(name)s” could not be read: the document is damaged. Save it again and upload the copy.")
            % {"name": name}
        ) from None
    finally:
        file.seek(0)


def _paragraphs(xml: bytes, paragraph_tags: set[str], name: str) -> str:
    try:
        root = ElementTree.fromstring(xml, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise ExtractionRefused(
            _("“%(name)s” could not be read: the document is damaged. Save it again and upload the copy.")
            % {"name": name}
        ) from None
    lines = []
    for element in root.iter():
        if element.tag in paragraph_tags:
            lines.append("".join(element.itertext()))
    return "\n".join(lines)


def _docx_text(file, name: str) -> Extracted:
    xml = _xml_part(file, "word/document.xml", name)
    return _status(_paragraphs(xml, {f"{W_NS}p"}, name))


def _odt_text(file, name: str) -> Extracted:
    xml = _xml_part(file, "content.xml", name)
    return _status(_paragraphs(xml, {f"{TEXT_NS}p", f"{TEXT_NS}h"}, name))


def _plain_text(file, name: str) -> Extracted:
    file.seek(0)
    data = file.read(MAX_TEXT_CHARS * 4)
    file.seek(0)
    return _status(data.decode("utf-8", "replace").removeprefix("\ufeff"))


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text, "txt": _plain_text}


def looks_encrypted_office_file(file) -> bool:
    """Word saves a password-protected .docx as an OLE container: say so rather than "not a real .docx"."""
    file.seek(0)
    head = file.read(len(OLE_MAGIC))
    file.seek(0)
    return head == OLE_MAGIC


def extract_text(file, extension: str, name: str = "") -> Extracted:
    """The text of a file whose type cms.uploads has already checked; pictures have none to extract."""
    extractor = EXTRACTORS.get(extension)
    if extractor is None:
        return Extracted("", TextStatus.NONE)
    return extractor(file, name or extension)
