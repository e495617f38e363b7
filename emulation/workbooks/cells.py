"""One cell of an uploaded workbook: what a column is, how each kind of cell is read, what went wrong where.

Each reader (here, and :func:`.dates.read_date`) takes the value the sheet reader gave (str, int, float,
bool, datetime, None, or one of the markers :data:`FORMULA` and :class:`ExcelError`) and returns the
clean value, or raises :class:`CellError` with a message that names what was written. A blank cell reads
as "" (None for dates and numbers) unless the reader is told ``required=True``.
"""

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from ..text import clean_text, name_problem, search_key
from .writing import column_letter

EXCEL_TEXT_MAX = 32_767  # the most characters Excel keeps in a cell
PHONE_RE = re.compile(r"\+?[0-9 ().-]+")
INTEGER_RE = re.compile(r"[+-]?\d+")
ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # how Excel writes a character XML cannot hold: _x000D_


class FormulaWithoutValue:
    """A cell holding a formula whose result was never saved (the file was not written by Excel)."""

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = FormulaWithoutValue()


class ExcelError(str):
    """A cell showing one of Excel's errors: #REF!, #VALUE!, #N/A…"""


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


@dataclass(frozen=True)
class Problem:
    """Something wrong at a row (and a column) of a sheet; ``str()`` says where, in the active language."""

    row: int
    message: str
    column: str = ""  # letter; empty when the problem is the whole row or the file
    header: str = ""  # the column's label

    def __str__(self) -> str:
        if self.column:
            return gettext("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
                "row": self.row,
                "column": self.column,
                "header": self.header,
                "message": self.message,
            }
        return gettext("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}

    @classmethod
    def at(cls, row: int, index: int, label, message) -> "Problem":
        """A problem at the cell of *row* in the column of 0-based *index*."""
        return cls(row, str(message), column=column_letter(index + 1), header=str(label))


def in_languages(label) -> tuple[str, ...]:
    """A lazy *label* in the active language, Vietnamese and English: a file may come from either interface."""
    texts = [str(label)]
    for language in ("vi", "en"):
        with translation.override(language):
            texts.append(str(label))
    return tuple(dict.fromkeys(texts))


@functools.lru_cache(maxsize=4096, typed=True)
def fold(value) -> str:
    """Header and choice matching: no accents, no case, no bracketed notes, single spaces."""
    text = re.sub(r"\(.*?\)", " ", search_key(str(value or "")))
    return " ".join(re.sub(r"[^a-z0-9/@.+-]+", " ", text).split())


def shown(value) -> str:
    """*value* as the user sees it in the cell: dates as dd/mm/yyyy, 12.0 as 12."""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or value is FORMULA:
        return ""
    return str(value)


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip() and not isinstance(value, ExcelError))


def check_readable(value) -> None:
    if value is FORMULA:
        raise CellError(
            gettext(
                "The cell holds a formula whose result was not saved: open the file in Excel, save it again, "
                "or type the value instead of the formula."
            )
        )
    if isinstance(value, ExcelError):
        raise CellError(
            gettext("The cell shows the Excel error %(value)s: correct it or type the value.") % {"value": value}
        )


def blank_value(required: bool, default):
    """What a blank cell reads as, unless it must be filled in."""
    if required:
        raise CellError(gettext("Missing: this cell must be filled in."))
    return default


def cell_text(text: str) -> str:
    """Excel's _x000D_ escapes decoded, then :func:`~emulation.text.clean_text`."""
    return clean_text(ESCAPE_RE.sub(lambda match: chr(int(match[1], 16)), text))


def read_text(value, *, max_length: int = 255, required: bool = False) -> str:
    check_readable(value)
    if is_blank(value):
        return blank_value(required, "")
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"  # as Excel shows it, in every language
    elif isinstance(value, int | float | dt.date | dt.datetime):
        text = shown(value)
    else:
        text = cell_text(str(value))
    if not text:
        return blank_value(required, "")
    if len(text) > max_length:
        raise CellError(gettext("Too long: at most %(limit)s characters.") % {"limit": max_length})
    return text


def read_name(value, *, max_length: int = 120, required: bool = True) -> str:
    """A person's name: letters (Vietnamese ones included), spaces and . ' - only (a unit's name has digits)."""
    text = read_text(value, max_length=max_length, required=required)
    problem = name_problem(text)
    if problem:
        raise CellError(problem)
    return text


def _whole(value):
    return int(value) if isinstance(value, float) and value.is_integer() else value


def read_id_number(value, *, required: bool = False) -> str:
    """An identity number (CCCD 12 digits, old CMND 9); the leading zero Excel drops from a number comes back."""
    check_readable(value)
    value = _whole(value)
    if isinstance(value, int) and not isinstance(value, bool):
        text = str(value)
        if len(text) in (8, 11):
            text = "0" + text
    else:
        text = re.sub(r"[\s.]", "", read_text(value, max_length=40))
    if not text:
        return blank_value(required, "")
    if not text.isdigit() or len(text) not in (9, 12):
        raise CellError(
            gettext("“%(value)s” is not an identity number: it has 12 digits (9 for an old identity card).")
            % {"value": shown(value)}
        )
    return text


def read_phone(value, *, required: bool = False) -> str:
    check_readable(value)
    value = _whole(value)
    text = read_text(value, max_length=40)
    if isinstance(value, int) and not text.startswith("0") and len(text) == 9:
        text = "0" + text  # the leading zero Excel dropped
    if not text:
        return blank_value(required, "")
    digits = re.sub(r"\D", "", text)
    if not PHONE_RE.fullmatch(text) or not 8 <= len(digits) <= 15 or len(text) > 20:
        raise CellError(gettext("“%(value)s” is not a phone number.") % {"value": text})
    return text


def read_email(value, *, max_length: int = 254, required: bool = False) -> str:
    text = read_text(value, max_length=max_length, required=required).lower()
    if not text:
        return text
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(gettext("“%(value)s” is not an e-mail address.") % {"value": text}) from None
    return text


def read_integer(
    value, *, min_value: int | None = None, max_value: int | None = None, required: bool = False
) -> int | None:
    check_readable(value)
    if is_blank(value):
        return blank_value(required, None)
    value = _whole(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and INTEGER_RE.fullmatch(text := value.strip().replace(" ", "")):
        number = int(text)
    else:
        raise CellError(gettext("“%(value)s” is not a whole number.") % {"value": shown(value)})
    if min_value is not None and number < min_value:
        raise CellError(gettext("%(value)s is less than %(limit)s.") % {"value": number, "limit": min_value})
    if max_value is not None and number > max_value:
        raise CellError(gettext("%(value)s is more than %(limit)s.") % {"value": number, "limit": max_value})
    return number


class Choice:
    """A cell holding one of *choices* (TextChoices), written as its label in Vietnamese or English, or its code."""

    def __init__(self, choices, *, required: bool = True):
        self.choices, self.required = choices, required
        self.values: dict[str, str] = {}
        for choice in choices:
            for text in (choice.value, *in_languages(choice.label)):
                self.values.setdefault(fold(text), choice.value)

    @property
    def labels(self) -> str:
        return ", ".join(str(label) for label in self.choices.labels)

    def __call__(self, value) -> str:
        text = read_text(value)
        if not text:
            if self.required:
                raise CellError(gettext("Missing: write one of %(choices)s.") % {"choices": self.labels})
            return ""
        try:
            return self.values[fold(text)]
        except KeyError:
            raise CellError(
                gettext("“%(value)s” is not one of %(choices)s.") % {"value": text, "choices": self.labels}
            ) from None


@dataclass(frozen=True)
class Column:
    """A column of an uploaded sheet.

    *label* is a lazy translation: the header is found by its Vietnamese and its English text (and the
    *aliases*, folded). *required*: the header must have the column. *reader* turns a cell into a value.
    *width* and *number_format* ("DD/MM/YYYY", "@" for text that keeps its zeros) shape the template.
    """

    key: str
    label: Promise | str
    width: int = 15
    required: bool = False
    reader: Callable = read_text
    aliases: tuple[str, ...] = ()
    number_format: str = ""

    def read(self, value):
        return self.reader(value)

    def header_texts(self) -> tuple[str, ...]:
        return (self.key, *in_languages(self.label), *self.aliases)
