"""Uploaded files: what a file really is, read from its bytes, and whether it is small enough.

One table (:data:`FILE_TYPES`) says how each accepted type starts; the name a user gave is never trusted.
Office files are containers: a ZIP holding ``[Content_Types].xml`` and ``word/document.xml`` (.docx) or
``xl/workbook.xml`` (.xlsx), or an OLE compound file holding a ``WordDocument`` (.doc) or ``Workbook``
(.xls) stream. An OLE file holding an ``EncryptedPackage`` stream is an Office file with a password.

Each group of types has one size setting (``UPLOAD_MAX_BYTES_DOCUMENTS``, ``…_IMAGES``, ``…_WORKBOOKS``),
read here and nowhere else. The size is checked from ``file.size`` before a byte is read, and
:func:`body_too_large` lets a view refuse a request whose declared body is far over the limit before
Django reads it (:class:`emulation.views.mixins.UploadLimit` does, before the CSRF check that would).
"""

import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext

MIB = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "encrypted"  # what :func:`detect` answers for a password-protected Office file
# A multipart body holds the file plus its boundaries and the other fields of the form.
FORM_OVERHEAD_BYTES = 64 * 1024
OLE_ENTRY_BYTES = 128  # directory entries of a compound file sit on 128-byte boundaries
SCAN_CHUNK_BYTES = 1024 * OLE_ENTRY_BYTES


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str
    group: str  # documents, images or workbooks: which size setting applies
    content_type: str
    magic: bytes
    zip_member: str = ""  # the part a ZIP of this type holds
    ole_streams: tuple[str, ...] = ()  # the streams an OLE file of this type holds (any of them)


FILE_TYPES = {
    file_type.extension: file_type
    for file_type in (
        FileType("pdf", "PDF", "documents", "application/pdf", b"%PDF-"),
        FileType(
            "docx", "DOCX", "documents",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ZIP_MAGIC, zip_member="word/document.xml",
        ),
        FileType("doc", "DOC", "documents", "application/msword", OLE_MAGIC, ole_streams=("WordDocument",)),
        FileType(
            "xlsx", "XLSX", "workbooks", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ZIP_MAGIC, zip_member="xl/workbook.xml",
        ),
        FileType("xls", "XLS", "workbooks", "application/vnd.ms-excel", OLE_MAGIC, ole_streams=("Workbook", "Book")),
        FileType("jpg", "JPG", "images", "image/jpeg", b"\xff\xd8\xff"),
        FileType("png", "PNG", "images", "image/png", b"\x89PNG\r\n\x1a\n"),
    )
}  # fmt: skip
EXTENSION_ALIASES = {"jpeg": "jpg"}
SIZE_SETTINGS = {
    "documents": ("UPLOAD_MAX_BYTES_DOCUMENTS", 10 * MIB),
    "images": ("UPLOAD_MAX_BYTES_IMAGES", 5 * MIB),
    "workbooks": ("UPLOAD_MAX_BYTES_WORKBOOKS", 5 * MIB),
}
DOCUMENTS = ("pdf", "doc", "docx")
IMAGES = ("jpg", "png")
WORKBOOKS = ("xlsx",)


def max_bytes_for(group: str) -> int:
    """The size limit of a group of types, from its setting."""
    name, default = SIZE_SETTINGS[group]
    return int(getattr(settings, name, default))


def upload_limit(kinds) -> int:
    """The largest file any of *kinds* may be."""
    return max(max_bytes_for(FILE_TYPES[kind].group) for kind in kinds)


def megabytes(size: int) -> str:
    """12,4 for 13,002,342 bytes; a whole number of megabytes is written without decimals (10)."""
    value = round(size / MIB, 1)  # number_format cuts decimals off; round first
    return number_format(value, decimal_pos=0 if value.is_integer() else 1)


def display_name(file) -> str:
    return PurePath(getattr(file, "name", "") or "").name


def too_large_message(*, name: str, size: int, limit: int) -> str:
    return gettext("The file “%(name)s” is %(size)s MB, over the limit of %(limit)s MB.") % {
        "name": name,
        "size": number_format(round(size / MIB, 1), decimal_pos=1),
        "limit": megabytes(limit),
    }


def empty_message(*, name: str) -> str:
    return gettext("The file “%(name)s” is empty.") % {"name": name}


def old_excel_message(*, name: str) -> str:
    return gettext(
        "“%(name)s” is an old Excel 97–2003 file (.xls): open it in Excel and save it as “Excel Workbook (.xlsx)”."
    ) % {"name": name}


def password_message(*, name: str) -> str:
    return gettext(
        "The file “%(name)s” is protected by a password: open it, remove the password and save it again."
    ) % {"name": name}


def kinds_text(kinds) -> str:
    """What the accepted types are called, images together: "PDF, DOCX hoặc ảnh (JPG, PNG)"."""
    labels = [FILE_TYPES[kind].label for kind in kinds if FILE_TYPES[kind].group != "images"]
    images = [FILE_TYPES[kind].label for kind in kinds if FILE_TYPES[kind].group == "images"]
    if images:
        labels.append(gettext("an image (%(formats)s)") % {"formats": ", ".join(images)})
    return str(get_text_list(labels, gettext("or")))


def _head(file, size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _zip_type(file) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    finally:
        file.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    return next((t.extension for t in FILE_TYPES.values() if t.zip_member and t.zip_member in names), None)


def ole_streams(file) -> set[str]:
    """The names of the streams a compound (OLE) file holds among those :data:`FILE_TYPES` and encryption use.

    A directory entry is 128 bytes on a 128-byte boundary: its UTF-16 name, the name's length in bytes with
    the terminating zero at offset 64, and its type (2: a stream) at offset 66.
    """
    wanted = {name: name.encode("utf-16-le") for t in FILE_TYPES.values() for name in t.ole_streams}
    wanted["EncryptedPackage"] = "EncryptedPackage".encode("utf-16-le")
    found: set[str] = set()
    file.seek(0)
    try:
        while chunk := file.read(SCAN_CHUNK_BYTES):
            for name, encoded in wanted.items():
                position = chunk.find(encoded)
                while position != -1 and name not in found:
                    entry = chunk[position : position + OLE_ENTRY_BYTES]
                    if (
                        position % OLE_ENTRY_BYTES == 0
                        and len(entry) >= 67
                        and int.from_bytes(entry[64:66], "little") == len(encoded) + 2
                        and entry[66] == 2
                    ):
                        found.add(name)
                    position = chunk.find(encoded, position + 2)
    finally:
        file.seek(0)
    return found


def detect(file) -> str | None:
    """The type of *file* from its content: an extension of :data:`FILE_TYPES`, :data:`ENCRYPTED` or None."""
    head = _head(file, 8)
    for file_type in FILE_TYPES.values():
        if file_type.magic not in (ZIP_MAGIC, OLE_MAGIC) and head.startswith(file_type.magic):
            return file_type.extension
    if head.startswith(ZIP_MAGIC):
        return _zip_type(file)
    if head.startswith(OLE_MAGIC):
        streams = ole_streams(file)
        if "EncryptedPackage" in streams:
            return ENCRYPTED
        return next((t.extension for t in FILE_TYPES.values() if streams & set(t.ole_streams)), None)
    return None


def check_upload(file, *, kinds, max_bytes: int | None = None) -> str:
    """The extension of *file*'s real type, one of *kinds*, or a ValidationError saying what is wrong.

    The size comes first, from ``file.size``: over the largest limit of *kinds* (or *max_bytes*), nothing
    is read. Without *max_bytes*, the detected type's own limit then applies (a 7 MB photo is refused
    where a 7 MB PDF is not).
    """
    kinds = tuple(EXTENSION_ALIASES.get(kind, kind) for kind in kinds)
    name = display_name(file)
    size = file.size
    limit = max_bytes if max_bytes is not None else upload_limit(kinds)
    if size > limit:
        raise ValidationError(too_large_message(name=name, size=size, limit=limit), code="too_large")
    if size == 0:
        raise ValidationError(empty_message(name=name), code="empty")
    found = detect(file)
    if found == ENCRYPTED:
        raise ValidationError(password_message(name=name), code="password")
    if found not in kinds:
        if found == "xls" and "xlsx" in kinds:
            raise ValidationError(old_excel_message(name=name), code="xls")
        extension = PurePath(name).suffix.lower().lstrip(".")
        params = {"name": name, "kinds": kinds_text(kinds)}
        if EXTENSION_ALIASES.get(extension, extension) in kinds:
            message = gettext("The file “%(name)s” is not %(kinds)s: its content does not match its extension.")
            raise ValidationError(message % params, code="mismatch")
        raise ValidationError(gettext("The file “%(name)s” is not %(kinds)s.") % params, code="file_type")
    if max_bytes is None:
        own = max_bytes_for(FILE_TYPES[found].group)
        if size > own:
            raise ValidationError(too_large_message(name=name, size=size, limit=own), code="too_large")
    return found


def body_too_large(request, *, max_bytes: int) -> str | None:
    """The message for a request whose declared body is over *max_bytes* and a form's overhead, or None.

    It reads only the Content-Length header, never the body; a view calls it through ``UploadLimit``, since
    Django's CSRF check reads the whole body before the view runs.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= max_bytes + FORM_OVERHEAD_BYTES:
        return None
    return gettext("The upload is %(size)s MB, over the limit of %(limit)s MB.") % {
        "size": number_format(round(length / MIB, 1), decimal_pos=1),
        "limit": megabytes(max_bytes),
    }


def widget_attrs(kinds, *, max_bytes: int | None = None) -> dict[str, str]:
    """``accept`` and the size the page's script checks before sending (``data-max-bytes``, ``data-too-large``)."""
    kinds = tuple(EXTENSION_ALIASES.get(kind, kind) for kind in kinds)
    limit = max_bytes if max_bytes is not None else upload_limit(kinds)
    extensions = [f".{kind}" for kind in kinds] + [
        f".{alias}" for alias, kind in EXTENSION_ALIASES.items() if kind in kinds
    ]
    return {
        "accept": ",".join([*extensions, *(FILE_TYPES[kind].content_type for kind in kinds)]),
        "data-max-bytes": str(limit),
        "data-too-large": gettext("The file is too large; the limit is %(limit)s MB.") % {"limit": megabytes(limit)},
    }


@deconstructible
class UploadValidator:
    """:func:`check_upload` as a validator; the detected extension is left on the file as ``detected_extension``."""

    def __init__(self, kinds, max_bytes: int | None = None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, file) -> None:
        file.detected_extension = check_upload(file, kinds=self.kinds, max_bytes=self.max_bytes)

    def __eq__(self, other):
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)


class UploadField(forms.FileField):
    """A file of one of *kinds*, recognised by its content; its name is given the detected extension."""

    def __init__(self, *, kinds, max_bytes: int | None = None, **kwargs):
        self.kinds, self.max_bytes = tuple(kinds), max_bytes
        super().__init__(**kwargs)
        self.validators.append(UploadValidator(self.kinds, max_bytes))

    @property
    def limit(self) -> int:
        """The largest file this field takes."""
        return self.max_bytes if self.max_bytes is not None else upload_limit(self.kinds)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), **widget_attrs(self.kinds, max_bytes=self.max_bytes)}

    def run_validators(self, value):
        super().run_validators(value)
        if value and getattr(value, "detected_extension", ""):
            stem = PurePath(value.name or "").stem[:80] or gettext("file")
            value.name = f"{stem}.{value.detected_extension}"
