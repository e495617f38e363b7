"""Files of each accepted type, and files that are not what they claim, made the same way on every run.

:func:`sample` builds the smallest real file of a type; :func:`malformed_upload` builds case *number* of
the upload fuzz tests: real files under another name, cut off, altered, padded past the limit, containers
holding the wrong parts, or bytes of no type at all. :func:`looks_like` is the tests' own, independent
idea of what a stored file must start with.
"""

import io
import random
import zipfile
from dataclasses import dataclass

from emulation.uploads import OLE_MAGIC

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
KINDS = ("pdf", "png", "jpg", "docx", "xlsx", "doc", "xls")
EXTENSIONS = ("pdf", "PDF", "png", "jpg", "jpeg", "docx", "doc", "xlsx", "xls", "exe", "txt", "html", "")
OFFICE_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}  # the first is what sample() writes


def office_zip(member: str, *, content_types: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if content_types:
            archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<document/>")
    return buffer.getvalue()


def compound_file(stream: str) -> bytes:
    """An OLE compound file whose first directory sector names *stream* (enough for the detector)."""
    header = OLE_MAGIC + b"\x00" * (512 - len(OLE_MAGIC))
    entry = bytearray(128)
    name = stream.encode("utf-16-le")
    entry[: len(name)] = name
    entry[64:66] = (len(name) + 2).to_bytes(2, "little")
    entry[66] = 2
    root = bytearray(128)
    root[:20] = "Root Entry".encode("utf-16-le")
    root[64:66] = (22).to_bytes(2, "little")
    root[66] = 5
    return header + bytes(root) + bytes(entry) + b"\x00" * 256


def sample(kind: str) -> bytes:
    """The smallest file of *kind* (an extension of :data:`KINDS`) that is really of that type."""
    if kind in OFFICE_MEMBERS:
        return office_zip(OFFICE_MEMBERS[kind])
    if kind in OLE_STREAMS:
        return compound_file(OLE_STREAMS[kind][0])
    return {"pdf": PDF, "png": PNG, "jpg": JPEG}[kind]


def looks_like(kind: str, data: bytes) -> bool:
    """Whether *data* starts as a file of *kind* must (for an Office file: the container and its part)."""
    if kind in OFFICE_MEMBERS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                return OFFICE_MEMBERS[kind] in archive.namelist()
        except zipfile.BadZipFile:
            return False
    if kind in OLE_STREAMS:
        return data.startswith(OLE_MAGIC) and any(name.encode("utf-16-le") in data for name in OLE_STREAMS[kind])
    return data.startswith({"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff"}[kind])


@dataclass(frozen=True)
class Upload:
    name: str
    content: bytes = b""
    declared: int = 0  # a body declared this long and never sent (0: the file is sent)


def _named(rng: random.Random, stem: str = "tai-lieu") -> str:
    extension = rng.choice(EXTENSIONS)
    return f"{stem}.{extension}" if extension else stem


def malformed_upload(number: int, *, limit: int) -> Upload:
    """Case *number*: a file some of which should pass (a real file under another name) and most not."""
    rng = random.Random(number)
    kind = rng.choice(KINDS)
    data = sample(kind)
    mutation = number % 10
    if mutation == 0:  # a real file under any name
        return Upload(_named(rng), data)
    if mutation == 1:  # cut off
        return Upload(_named(rng), data[: rng.randrange(len(data))])
    if mutation == 2:  # bytes altered
        altered = bytearray(data)
        for _ in range(rng.choice([1, 3, 20])):
            altered[rng.randrange(len(altered))] = rng.randrange(256)
        return Upload(_named(rng), bytes(altered))
    if mutation == 3:  # one type's first bytes, anything after
        head = rng.choice([b"%PDF-", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"PK\x03\x04", OLE_MAGIC])
        return Upload(_named(rng), head + rng.randbytes(rng.randrange(0, 3000)))
    if mutation == 4:  # a ZIP holding the wrong parts, or the right part without its content types
        member = rng.choice(["word/document.xml", "xl/workbook.xml", "content.xml", "mimetype", "../../x.xml"])
        return Upload(_named(rng), office_zip(member, content_types=rng.random() < 0.5))
    if mutation == 5:  # a compound file of another kind, or with a password
        stream = rng.choice(["WordDocument", "Workbook", "Book", "EncryptedPackage", "PowerPoint Document"])
        return Upload(_named(rng), compound_file(stream))
    if mutation == 6:  # no type at all
        content = rng.choice([
            b"", b"MZ\x90\x00\x03" + b"\x00" * 100, b"<html><script>alert(1)</script></html>",
            "Họ và tên;Ngày sinh\n".encode(), rng.randbytes(rng.randrange(1, 5000)),
        ])  # fmt: skip
        return Upload(_named(rng), content)
    if mutation == 7:  # a real file just past the limit
        return Upload(_named(rng), data + b"\x00" * (limit - len(data) + rng.randrange(1, 5000)))
    if mutation == 8:  # a real file under a name meant to mislead
        name = rng.choice([
            "../../etc/passwd.pdf", "quyet-dinh.pdf.exe", "a" * 300 + ".pdf", "Quyết định.PDF",
            "Quye\u0301t đi\u0323nh.png", "con.jpg", ".pdf", "tệp\u202egnp.exe",
        ])  # fmt: skip
        return Upload(name, data)
    return Upload(_named(rng), declared=rng.choice([limit * 3, 200 * 1024 * 1024, 2**40]))
