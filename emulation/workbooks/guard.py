"""Looking inside an uploaded workbook before openpyxl does, so that no file can make reading it costly.

openpyxl trusts what it opens: it unpacks whole parts, keeps every shared string in memory, and builds
element trees. So before it runs, the ZIP is inspected from its directory (how many parts, their declared
sizes, how tightly they are packed; :mod:`zipfile` never unpacks more than a part's declared size) and
every XML part is streamed once, in chunks, counting with byte searches:

* no DOCTYPE (entities) and no UTF-16/32 text: Excel writes neither;
* the shared strings: at most ``max_shared_strings`` ``<si>`` items, each of a bounded size;
* a worksheet: at most ``max_rows`` rows holding a value, a bounded number of tags in each row and, when
  it has no ``<dimension>`` before its data (openpyxl then scans all of it when it opens the file), a
  bounded number of rows;
* the styles and any other part openpyxl reads: a bounded number of tags (it builds objects of each).

Each check that fails raises :class:`~.limits.WorkbookRefused` with a message saying what and why.
"""

import itertools
import operator
import re
import zipfile

from django.utils.formats import number_format
from django.utils.translation import gettext

from .. import uploads
from .limits import Deadline, WorkbookLimits, WorkbookRefused

CHUNK_BYTES = 1024 * 1024
HEAD_BYTES = 64 * 1024
RATIO_FLOOR_BYTES = 1024 * 1024  # parts smaller than this unpacked are not judged by their ratio
# Tags of any other part openpyxl reads (it builds objects of each: 30,000 cell formats cost it ~1 s, 30 MB).
MAX_PART_TAGS = 30_000
UNREAD_ROOTS = (b"comments", b"xml", b"theme")  # comments, legacy drawings, the theme: openpyxl skips them
MAX_STRING_TAGS = 2_000  # tags inside one shared string (its rich-text runs)
MAX_CELLS_PER_ROW = 16_384  # Excel's column count
MAX_ROW_TAGS = MAX_CELLS_PER_ROW * 8  # tags inside one row: a cell is <c>, <v> or <f>, and their ends
MAX_ROWS_WITHOUT_DIMENSION = 100_000  # row elements of a sheet openpyxl scans whole when it opens the file
EXCEL_MAX_ROWS = 1_048_576
ROOT_RE = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
BOM = b"\xef\xbb\xbf"
SHEET_ROOTS = (b"worksheet", b"chartsheet", b"dialogsheet", b"macrosheet")


def grouped(value: int) -> str:
    """12345 → "12.345" in Vietnamese: limits are shown with their thousands grouped."""
    return number_format(value, force_grouping=True)


def refusal(code: str, *, name: str, **params) -> WorkbookRefused:
    """The refusal of workbook *name* for the check *code* (the wordings of the checks on the file)."""
    params["name"] = name
    if code == "not_xlsx":
        message = gettext(
            "“%(name)s” is not an Excel workbook (.xlsx): open it in Excel and save it as “Excel Workbook (.xlsx)”."
        )
    elif code == "damaged":
        message = gettext(
            "“%(name)s” is damaged or incomplete (perhaps the upload was cut off): open it in Excel, save it "
            "again and upload it once more."
        )
    elif code == "unpacked":
        message = gettext("“%(name)s” holds more than %(limit)s MB once unpacked: split it into smaller files.")
    elif code == "ratio":
        message = gettext(
            "“%(name)s” has a part that unpacks to more than %(ratio)s times its packed size: Excel does not "
            "write such files, so it is refused."
        )
    elif code == "members":
        message = gettext("“%(name)s” holds %(count)s parts, more than the %(limit)s a workbook may have.")
    elif code == "shared_strings":
        message = gettext("“%(name)s” holds more than %(limit)s different texts: split it into smaller files.")
    elif code == "structure":
        message = gettext("“%(name)s” has a part that Excel never writes (%(part)s): it is refused.")
    elif code == "rows":
        message = gettext("“%(name)s” has a sheet of more than %(limit)s rows: split it into several files.")
    elif code == "styles":
        message = gettext(
            "“%(name)s” holds too many cell formats (more than %(limit)s tags of styles): copy the data into a "
            "new workbook, or into the template, and upload that."
        )
    elif code == "no_sheet":
        message = gettext("“%(name)s” has no worksheet.")
    else:
        raise ValueError(code)
    return WorkbookRefused(message % params, code=code)


class _Counter:
    """Counts *items* (elements named by *item_tokens*) and the tags ("<") in each, chunk by chunk.

    A chunk is processed up to its last "<", so a token is never cut in two; counting runs in C
    (``bytes.count`` mapped over the items), so a part of millions of items is judged in milliseconds.
    """

    def __init__(
        self, item_tokens, *, max_items, max_tags, on_items, on_tags, value_tokens=(), max_valued=0, on_valued=None
    ):
        self.item_re = re.compile(b"|".join(re.escape(token) for token in item_tokens)) if item_tokens else None
        self.max_items, self.max_tags = max_items, max_tags
        self.on_items, self.on_tags = on_items, on_tags
        self.value_tokens, self.max_valued, self.on_valued = value_tokens, max_valued, on_valued
        self.items = self.tags = self.valued = 0
        self.current_valued = False
        self.carry = b""

    def feed(self, chunk: bytes, *, final: bool = False) -> None:
        data = self.carry + chunk
        cut = len(data) if final else data.rfind(b"<")
        if cut == -1 or (cut == 0 and len(data) > HEAD_BYTES):
            cut = len(data)  # no token can be cut: there is no "<" after the first byte
        segment, self.carry = data[:cut], data[cut:]
        parts = self.item_re.split(segment) if self.item_re else [segment]
        counts = list(map(bytes.count, parts, itertools.repeat(b"<")))
        self.tags += counts[0]
        if len(counts) > 1:
            self.items += len(counts) - 1
            if self.items > self.max_items:
                raise self.on_items()
            self.tags = max(self.tags, *counts[1:-1]) if len(counts) > 2 else self.tags
            if self.tags > self.max_tags:
                raise self.on_tags()
            self.tags = counts[-1]
        if self.tags > self.max_tags:
            raise self.on_tags()
        if self.value_tokens:
            self._count_valued(parts)

    def _count_valued(self, parts: list[bytes]) -> None:
        """Items holding a value token (a row with a value); the first part continues the current item."""
        values = [0] * len(parts)
        for token in self.value_tokens:
            values = list(map(operator.add, values, map(bytes.count, parts, itertools.repeat(token))))
        if values[0] and self.items and not self.current_valued:
            self.valued += 1
            self.current_valued = True
        if len(values) > 1:
            self.valued += len(values) - 1 - values[1:].count(0)
            self.current_valued = values[-1] > 0
        if self.valued > self.max_valued:
            raise self.on_valued()


def _root(head: bytes, *, name: str, part: str) -> tuple[bytes, bytes] | None:
    """(namespace prefix, local name) of the root element of an XML part, or None for a part that is not XML."""
    text = head.removeprefix(BOM).lstrip()
    if not text.startswith(b"<"):
        return None
    if b"\x00" in head:
        raise refusal("structure", name=name, part=part)
    match = ROOT_RE.search(head)
    if match is None or b"<!DOCTYPE" in head[: match.start()] or b"<!ENTITY" in head:
        raise refusal("structure", name=name, part=part)
    return match[1] or b"", match[2]


def _counter_for(prefix: bytes, root: bytes, head: bytes, *, name: str, part: str, limits: WorkbookLimits):
    def structure():
        return refusal("structure", name=name, part=part)

    if root == b"sst":
        si = b"<" + prefix + b"si"
        return _Counter(
            (si + b">", si + b" ", si + b"/"),
            max_items=limits.max_shared_strings, max_tags=MAX_STRING_TAGS,
            on_items=lambda: refusal("shared_strings", name=name, limit=grouped(limits.max_shared_strings)),
            on_tags=structure,
        )  # fmt: skip
    if root in SHEET_ROOTS:
        data_at = head.find(b"<" + prefix + b"sheetData")
        dimension_at = head.find(b"<" + prefix + b"dimension")
        # Without a dimension before the data, openpyxl scans every row when it opens the file.
        dimensioned = data_at != -1 and -1 < dimension_at < data_at
        row = b"<" + prefix + b"row"
        return _Counter(
            (row + b">", row + b" ", row + b"/"),
            max_items=EXCEL_MAX_ROWS if dimensioned else MAX_ROWS_WITHOUT_DIMENSION, max_tags=MAX_ROW_TAGS,
            on_items=structure, on_tags=structure,
            value_tokens=tuple(b"<" + prefix + tag for tag in (b"v>", b"is>", b"f>", b"f ")),
            max_valued=limits.max_rows,
            on_valued=lambda: refusal("rows", name=name, limit=grouped(limits.max_rows)),
        )  # fmt: skip
    if root in UNREAD_ROOTS:
        return None
    if root == b"styleSheet":

        def styles():
            return refusal("styles", name=name, limit=grouped(MAX_PART_TAGS))

        return _Counter((), max_items=0, max_tags=MAX_PART_TAGS, on_items=styles, on_tags=styles)
    return _Counter((), max_items=0, max_tags=MAX_PART_TAGS, on_items=structure, on_tags=structure)


def _scan(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str, limits: WorkbookLimits, deadline) -> None:
    with archive.open(info) as stream:
        head = stream.read(HEAD_BYTES)
        found = _root(head, name=name, part=info.filename)
        if found is None:
            return
        counter = _counter_for(*found, head, name=name, part=info.filename, limits=limits)
        if counter is None:
            return
        counter.feed(head)
        while chunk := stream.read(CHUNK_BYTES):
            deadline.check()
            counter.feed(chunk)
        counter.feed(b"", final=True)


def _check_directory(infos: list[zipfile.ZipInfo], *, name: str, limits: WorkbookLimits) -> None:
    if len(infos) > limits.max_members:
        raise refusal("members", name=name, count=grouped(len(infos)), limit=grouped(limits.max_members))
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise refusal("damaged", name=name)
    total = 0
    unpacked = refusal("unpacked", name=name, limit=uploads.megabytes(limits.max_unpacked_bytes))
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise refusal("not_xlsx", name=name)
        if info.file_size > limits.max_unpacked_bytes:
            raise unpacked
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max(info.compress_size, 1) * limits.max_ratio:
            raise refusal("ratio", name=name, ratio=grouped(limits.max_ratio))
        total += info.file_size
        if total > limits.max_unpacked_bytes:
            raise unpacked
    if "[Content_Types].xml" not in names or uploads.FILE_TYPES["xlsx"].zip_member not in names:
        raise refusal("not_xlsx", name=name)


def inspect(file, *, name: str, limits: WorkbookLimits, deadline: Deadline) -> None:
    """Refuse *file* (open, seekable) unless it is a ZIP that openpyxl can open at a bounded cost."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(uploads.OLE_MAGIC):
        found = uploads.detect(file)
        if found == uploads.ENCRYPTED:
            raise WorkbookRefused(uploads.password_message(name=name), code="password")
        if found == "xls":
            raise WorkbookRefused(uploads.old_excel_message(name=name), code="xls")
        raise refusal("not_xlsx", name=name)
    if not head.startswith(uploads.ZIP_MAGIC):
        raise refusal("not_xlsx", name=name)
    try:
        archive = zipfile.ZipFile(file)
    except Exception:  # zipfile raises many kinds of errors on a cut or altered file
        raise refusal("damaged", name=name) from None
    try:
        with archive:
            infos = archive.infolist()
            _check_directory(infos, name=name, limits=limits)
            for info in infos:
                deadline.check()
                _scan(archive, info, name=name, limits=limits, deadline=deadline)
    except WorkbookRefused:
        raise
    except Exception:  # a part that does not unpack, or whose checksum is wrong
        raise refusal("damaged", name=name) from None
    finally:
        file.seek(0)
