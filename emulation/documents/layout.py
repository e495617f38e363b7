"""Official documents in the NĐ 30/2020 layout: the numbering register, header helpers, PDF rendering.

Every app's documents (plans, decisions, minutes, certificates) extend
``templates/documents/base.html`` and are turned into PDF by :func:`render_pdf`.
Numbers come from :func:`allocate_number`, called inside the issuing transaction:
a number is consumed only if that transaction commits, so the register has no gaps.
"""

import dataclasses
import datetime as dt
import re

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from emulation.enums import DocumentType, PeriodKind, SignaturePrefix
from emulation.models import IssuedNumber, Period, Unit
from emulation.text import nfc

# Where a draft's number or day is left blank, to be written by hand.
BLANK = "\u00a0" * 6
_YEAR_RANGE = re.compile(r"\b(\d{4}) ?[-–] ?(\d{4})\b")
# "**bold**" and "*italic*": the marks hug the words they enclose, so "5 * 3 * 2" stays as typed.
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")


# The names of the document types as printed (fixed by law: never translated).
DOCUMENT_TYPE_NAMES = {
    DocumentType.RESOLUTION: "Nghị quyết",
    DocumentType.DECISION: "Quyết định",
    DocumentType.DIRECTIVE: "Chỉ thị",
    DocumentType.REGULATIONS: "Quy chế",
    DocumentType.RULES: "Quy định",
    DocumentType.NOTICE: "Thông báo",
    DocumentType.GUIDANCE: "Hướng dẫn",
    DocumentType.PROGRAMME: "Chương trình",
    DocumentType.PLAN: "Kế hoạch",
    DocumentType.SCHEME: "Phương án",
    DocumentType.PROJECT: "Đề án",
    DocumentType.REPORT: "Báo cáo",
    DocumentType.MINUTES: "Biên bản",
    DocumentType.SUBMISSION: "Tờ trình",
    DocumentType.INVITATION: "Giấy mời",
    DocumentType.INTRODUCTION: "Giấy giới thiệu",
    DocumentType.AUTHORISATION: "Giấy ủy quyền",
    DocumentType.CERTIFICATE: "Giấy khen",
    DocumentType.OFFICIAL_LETTER: "Công văn",
}


def format_number(number: int) -> str:
    """Numbers below 10 take a leading zero (NĐ 30/2020, Phụ lục I): 5 → "05", 58 → "58"."""
    return f"{number:02d}"


def format_symbol(*, number: int | None, doc_type: str, unit_symbol: str, drafting_unit: str = "") -> str:
    """The number and symbol written after "Số:".

    "58/KH-PGDĐT", "05/QĐ-THTT"; a công văn has no type code: "207/PGDĐT", or
    "2685/SGDĐT-VP" with the drafting unit. A draft (no number yet) gets a blank:
    "      /KH-PGDĐT".
    """
    code = DocumentType(doc_type).symbol_code
    parts = [nfc(unit_symbol)]
    if code:
        parts.insert(0, code)
    elif drafting_unit:
        parts.append(nfc(drafting_unit))
    head = format_number(number) if number is not None else BLANK
    return f"{head}/{'-'.join(parts)}"


def date_words(date: dt.date | None, *, year: int | None = None) -> str:
    """ "ngày 03 tháng 11 năm 2023": day below 10 and months 1–2 take a leading zero (NĐ 30/2020).

    Without a date (a draft), day and month are left blank for the hand: "ngày … tháng … năm 2023".
    """
    if date is None:
        return f"ngày {BLANK} tháng {BLANK} năm {year if year else BLANK}"
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def date_line(place: str, date: dt.date | None, *, year: int | None = None) -> str:
    """The italic line under the motto: "Dầu Tiếng, ngày 03 tháng 11 năm 2023"."""
    return f"{nfc(place)}, {date_words(date, year=year)}"


@dataclasses.dataclass(frozen=True)
class DocumentHeader:
    """The two header columns of a document (NĐ 30/2020, Phụ lục I, fields 1–5)."""

    governing_body: str
    issuer: str
    symbol: str
    place_date: str
    # Công văn only: "V/v …" under the number.
    subject_line: str = ""


def document_header(
    *,
    unit: Unit,
    doc_type: str,
    issued: IssuedNumber | None = None,
    issued_on: dt.date | None = None,
    subject_line: str = "",
    year: int | None = None,
) -> DocumentHeader:
    """The header of a document *unit* issues: numbered from *issued*, or blank for a draft.

    A draft's date line leaves day and month blank and shows *year* (this year if not given).
    """
    if issued is not None:
        symbol, issued_on = issued.symbol, issued.issued_on
    else:
        symbol = format_symbol(number=None, doc_type=doc_type, unit_symbol=unit.symbol)
    year = issued_on.year if issued_on else (year or timezone.localdate().year)
    return DocumentHeader(
        governing_body=nfc(unit.governing_body).upper(),
        issuer=nfc(unit.print_name).upper(),
        symbol=symbol,
        place_date=date_line(unit.place_name, issued_on, year=year),
        subject_line=nfc(subject_line),
    )


@dataclasses.dataclass(frozen=True)
class Signature:
    """The signature block: "KT. TRƯỞNG PHÒNG" / "PHÓ TRƯỞNG PHÒNG", room to sign, the name."""

    authority: str
    name: str
    prefix: str = SignaturePrefix.NONE
    position: str = ""

    @property
    def authority_line(self) -> str:
        return nfc(f"{self.prefix} {self.authority}").upper()

    @property
    def position_line(self) -> str:
        return nfc(self.position).upper()


def annex_caption(
    *, doc_type: str, symbol: str, issued_on: dt.date | None, issuer_name: str, year: int | None = None
) -> str:
    """ "(Kèm theo Kế hoạch số 58/KH-PGDĐT ngày 03 tháng 11 năm 2023 của Phòng Giáo dục và Đào tạo …)".

    A draft's caption leaves day and month blank and shows *year*, if given.
    """
    name = DOCUMENT_TYPE_NAMES[DocumentType(doc_type)]
    year = issued_on.year if issued_on else year
    return f"(Kèm theo {name} số {symbol} {date_words(issued_on, year=year)} của {nfc(issuer_name)})"


def period_words(period: Period, *, spaced: bool = False) -> str:
    """ "NĂM HỌC 2023-2024" for a school year ("NĂM HỌC 2023 - 2024" when *spaced*), "NĂM 2024" for a calendar year."""
    if period.kind == PeriodKind.CALENDAR_YEAR:
        return f"NĂM {nfc(period.name)}"
    name = _YEAR_RANGE.sub(r"\1 - \2", nfc(period.name)) if spaced else nfc(period.name)
    return f"NĂM HỌC {name}"


def keep_year_ranges(text: str) -> SafeString:
    """Keep "2023 - 2024" on one line, so a centred title never ends a line on "2023 -".

    Returns escaped HTML (no-break spaces alone would not do: a line may still break after the hyphen).
    """
    return mark_safe(_YEAR_RANGE.sub(r'<span class="doc-nobreak">\1 - \2</span>', escape(nfc(text))))


_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
_HEADING_NUMBER = re.compile(r"^\s*[IVXLC]+\s*[.)]\s*")


def roman(number: int) -> str:
    """4 → "IV": the numbers of a document's parts (I., II., III.…)."""
    words = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        words.append(letters * count)
    return "".join(words)


def numbered_heading(number: int, heading: str) -> str:
    """ "II. NỘI DUNG THỰC HIỆN" for the second part, whether or not a number was typed in the heading."""
    return f"{roman(number)}. {_HEADING_NUMBER.sub('', nfc(heading))}"


def inline_marks(text: str) -> SafeString:
    """A paragraph as escaped HTML, where "**…**" prints bold and "*…*" italic (nothing else is markup)."""
    html = escape(nfc(text))
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    return mark_safe(_ITALIC.sub(r"<em>\1</em>", html))


def recipient_lines(text_or_lines: str | list[str]) -> list[str]:
    """ "Nơi nhận" items as printed: "- Như trên;" … last "- Lưu: VT, TĐKT."

    Takes one item per line (with or without the dash and the final punctuation).
    """
    raw = text_or_lines.splitlines() if isinstance(text_or_lines, str) else text_or_lines
    items = [nfc(line).lstrip("-–• ").rstrip(";.,") for line in raw]
    items = [item for item in items if item]
    return [f"- {item}{'.' if index == len(items) - 1 else ';'}" for index, item in enumerate(items)]
