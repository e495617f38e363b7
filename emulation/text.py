"""Vietnamese text: NFC storage, what is cleaned on the way in, accent-free search keys and name order.

Text typed into a form or read from a workbook goes through :func:`clean_text`: NFC, no control or
invisible formatting characters (a line break or a tab becomes a space), single spaces. A person's name
is checked by :func:`name_problem`: letters (Vietnamese ones included), spaces and . ' - only.

Names are sorted the way office lists are: by the given name (the last word),
then by the rest, letters in Vietnamese alphabet order (A Ă Â B C D Đ E Ê …),
tones breaking ties. PostgreSQL does this with the ICU collation ``vi-x-icu``;
SQLite gets the same order from :func:`vietnamese_sort_key`, registered as a
collation on each connection.
"""

import functools
import unicodedata

from django.db import connection
from django.db.models.functions import Collate
from django.utils.translation import gettext

_COMBINING_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIERS = {"\u0306": 1, "\u0302": 2, "\u031b": 3}  # breve, circumflex, horn
# Primary weight of each (base letter, modifier) pair: the Vietnamese alphabet.
_ALPHABET = [
    ("a", 0), ("a", 1), ("a", 2), ("b", 0), ("c", 0), ("d", 0), ("đ", 0), ("e", 0), ("e", 2),
    ("f", 0), ("g", 0), ("h", 0), ("i", 0), ("j", 0), ("k", 0), ("l", 0), ("m", 0), ("n", 0),
    ("o", 0), ("o", 2), ("o", 3), ("p", 0), ("q", 0), ("r", 0), ("s", 0), ("t", 0), ("u", 0),
    ("u", 3), ("v", 0), ("w", 0), ("x", 0), ("y", 0), ("z", 0),
]  # fmt: skip
_WEIGHT = {pair: index for index, pair in enumerate(_ALPHABET)}

VI_COLLATION_SQLITE = "vi"
VI_COLLATION_POSTGRESQL = "vi-x-icu"
WHITESPACE_CONTROLS = frozenset("\t\n\r\x0b\x0c\x85\u2028\u2029")
# Control, invisible formatting (zero-width, bidirectional overrides), surrogate and private-use characters.
REMOVED_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Co"))
NAME_PUNCTUATION = frozenset(" .'-’")
FORMULA_STARTS = ("=", "+", "-", "@")  # what a spreadsheet may run as a formula


def nfc(value: str | None) -> str:
    """Return *value* in NFC with runs of white space folded to one space."""
    if not value:
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def clean_text(value: str | None) -> str:
    """*value* in NFC without control or invisible formatting characters, line breaks and tabs as spaces, spaces folded."""
    if not value:
        return ""
    kept = []
    for char in unicodedata.normalize("NFC", str(value)):
        if char in WHITESPACE_CONTROLS:
            kept.append(" ")
        elif unicodedata.category(char) not in REMOVED_CATEGORIES:
            kept.append(char)
    return nfc("".join(kept))


def name_problem(name: str) -> str:
    """What is wrong with *name* (cleaned) as a person's name, in the active language; "" when nothing is."""
    if name.startswith(FORMULA_STARTS):
        return gettext("“%(value)s” starts with “%(char)s”: a name starts with a letter.") % {
            "value": name,
            "char": name[0],
        }
    for char in name:
        if not (char in NAME_PUNCTUATION or unicodedata.category(char).startswith(("L", "M"))):
            return gettext("“%(value)s” holds “%(char)s”: a name has only letters, spaces and the marks . ' -") % {
                "value": name,
                "char": char,
            }
    return ""


def search_key(value: str | None) -> str:
    """Lower-case, accent-free form used for searching ("Nguyễn Đức" → "nguyen duc")."""
    text = unicodedata.normalize("NFD", nfc(value).lower().replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def sort_name(full_name: str) -> str:
    """Put the given name first: "Nguyễn Thị Hồng" → "Hồng Nguyễn Thị"."""
    words = nfc(full_name).split(" ")
    if len(words) < 2:
        return words[0] if words else ""
    return " ".join([words[-1], *words[:-1]])


def _primary(base: str, modifier: int) -> int:
    """As ICU's root order: white space, then punctuation and symbols, then digits, then letters."""
    weight = _WEIGHT.get((base, modifier))
    if weight is not None:
        return weight
    if base.isspace():
        return -3000
    if base.isdigit():
        return -1000 + ord(base)
    if base.isalpha():
        return 100 + ord(base)
    return -2000 + ord(base) % 1000


@functools.lru_cache(maxsize=4096)
def vietnamese_sort_key(value: str) -> tuple:
    primary, secondary = [], []
    for char in nfc(value):
        decomposed = unicodedata.normalize("NFD", char.lower())
        base, marks = decomposed[0], decomposed[1:]
        modifier = next((_MODIFIERS[m] for m in marks if m in _MODIFIERS), 0)
        tone = next((_COMBINING_TONES[m] for m in marks if m in _COMBINING_TONES), 0)
        primary.append(_primary(base, modifier))
        secondary.append(tone)
    return (tuple(primary), tuple(secondary), value)


def _compare(left: str, right: str) -> int:
    a, b = vietnamese_sort_key(left or ""), vietnamese_sort_key(right or "")
    return (a > b) - (a < b)


def register_sqlite_collation(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_collation(VI_COLLATION_SQLITE, _compare)


def vietnamese(expression: str, connection_vendor: str | None = None):
    """An ORDER BY expression sorting *expression* in Vietnamese order."""

    vendor = connection_vendor or connection.vendor
    if vendor == "postgresql":
        return Collate(expression, VI_COLLATION_POSTGRESQL)
    if vendor == "sqlite":
        return Collate(expression, VI_COLLATION_SQLITE)
    return expression
