"""Who changed what: the change history of master data (django-simple-history), as the pages show it.

Each list is one query: every record carries the values of the record before it (``LAG`` over the
object's records), so a change is compared with its predecessor without a query per row. Names of
related rows (a unit, an account) are then read in one query per kind of row.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet, Window
from django.db.models.functions import Lag
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from emulation.models import Membership, Person, Unit

# A list shows the latest changes; older ones are in the admin.
HISTORY_LIMIT = 30
# history_change_reason of the records written, one per row, when the history began (migration 0007).
BASELINE = "baseline"
EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class Change:
    when: dt.datetime
    who: str
    action: str
    subject: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    # A change whose earlier values were never recorded (the row existed before the history began).
    earlier_unknown: bool = False


@dataclass
class History:
    changes: list[Change]
    # More changes exist than the list shows.
    more: bool = False


def _prev(attname: str) -> str:
    return f"prev_{attname}"


def _tracked(history_model) -> list:
    return [f for f in history_model.tracked_fields if not f.primary_key]


def _with_previous(records: QuerySet) -> QuerySet:
    """*records* with, on each, the values of the same object's record before it."""
    fields = _tracked(records.model)
    window = {"partition_by": [F("id")], "order_by": [F("history_date").asc(), F("history_id").asc()]}
    annotations = {_prev(f.attname): Window(Lag(f.attname), **window) for f in fields}
    annotations[_prev("history_id")] = Window(Lag("history_id"), **window)
    return records.annotate(**annotations).select_related("history_user").order_by("-history_date", "-history_id")


def _who(user) -> str:
    if user is None:
        return gettext("the system")
    return user.get_full_name() or user.username


def _differences(record) -> list[tuple]:
    return [
        (f, getattr(record, _prev(f.attname)), getattr(record, f.attname))
        for f in _tracked(type(record))
        if getattr(record, _prev(f.attname)) != getattr(record, f.attname)
    ]


def _shown(model_field, value, names: dict) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation:
        return names.get((model_field.related_model, value), f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _names(wanted: dict) -> dict:
    """{(model, pk): label} for the related rows the list names, one query per model."""
    names = {}
    for model, ids in wanted.items():
        ids.discard(None)
        if not ids:
            continue
        accounts = model is get_user_model()
        for pk, obj in model._default_manager.in_bulk(ids).items():
            names[(model, pk)] = obj.get_username() if accounts else str(obj)
    return names


ACTIONS = {
    "+": lambda: pgettext("history", "Created"),
    "~": lambda: pgettext("history", "Changed"),
    "-": lambda: pgettext("history", "Deleted"),
}


def _history(records: QuerySet, *, limit: int, subject=None, related_names: tuple = ()) -> History:
    """The latest *limit* changes among *records* (one model's history), newest first.

    *subject* names the object of each record, for lists that mix several objects; *related_names*
    are the foreign keys the subject reads, whose names are fetched with the others.
    """
    rows = list(_with_previous(records)[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    by_attname = {f.attname: f for f in _tracked(records.model)}
    wanted = defaultdict(set)
    for record in rows:
        for name in related_names:
            f = by_attname[name]
            wanted[f.related_model].add(getattr(record, name))
        if record.history_type == "~":
            for f, old, new in _differences(record):
                if f.is_relation:
                    wanted[f.related_model].update((old, new))
    names = _names(wanted)
    changes = []
    for record in rows:
        change = Change(
            when=record.history_date,
            who=_who(record.history_user),
            action=ACTIONS[record.history_type](),
            subject=subject(record, names) if subject else "",
        )
        if record.history_change_reason == BASELINE:
            change.action, change.who = gettext("Recorded when the change history began"), ""
        elif record.history_type == "~":
            if getattr(record, _prev("history_id")) is None:
                change.earlier_unknown = True
            else:
                change.fields = [
                    FieldChange(str(capfirst(f.verbose_name)), _shown(f, old, names), _shown(f, new, names))
                    for f, old, new in _differences(record)
                ]
                if not change.fields:
                    continue
        changes.append(change)
    return History(changes=changes, more=more)


def person_history(person: Person) -> History:
    return _history(Person.history.filter(id=person.pk), limit=HISTORY_LIMIT)


def _membership_subject(record, names: dict) -> str:
    account = names.get((get_user_model(), record.user_id), f"#{record.user_id}")
    role = dict(Membership.role.field.flatchoices).get(record.role, record.role)
    return gettext("Role %(role)s of account %(account)s") % {"role": role, "account": account}


def unit_history(unit: Unit) -> History:
    """Changes to the unit itself and to the roles held in it, newest first."""
    limit = HISTORY_LIMIT
    own = _history(Unit.history.filter(id=unit.pk), limit=limit)
    roles = _history(
        Membership.history.filter(unit_id=unit.pk),
        limit=limit,
        subject=_membership_subject,
        related_names=("user_id",),
    )
    changes = sorted([*own.changes, *roles.changes], key=lambda change: change.when, reverse=True)
    return History(changes=changes[:limit], more=own.more or roles.more or len(changes) > limit)
