"""Councils (Hội đồng TĐKT, Hội đồng sáng kiến) and their members: the state changes, and the reads the pages need.

The role rules (one chair, at most one secretary, one seat per person, members from the council's unit) are
checked here, with the council row locked, so that two people editing the same council cannot break them; the
unique constraints behind them (one council per unit, period and kind; one seat per person; one chair, one
secretary) answer a request that did not wait with the same message, never an error page.
"""

import re
import unicodedata

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from emulation.enums import CouncilKind, CouncilRole
from emulation.models import Council, CouncilMember, Period, Person, Unit
from emulation.selectors.councils import account_of
from emulation.text import nfc

User = get_user_model()


# A typed document's number (NĐ 30/2020: number/type-issuer), after stripping spaces ("12/QĐ-THTT").
TYPED_NUMBER = re.compile(r"^\d+/[A-Za-zĐđ]+-[A-Za-zĐđ0-9&]+$")
DECISION_TYPE = "QĐ"


# Roles a council has at most one of; the chair is also required (see council_problems).
SINGLE_ROLES = (CouncilRole.CHAIR, CouncilRole.SECRETARY)


def normalize_decision_number(value: str) -> str:
    """NFC, every space removed, the type and agency codes in capitals: " 12 /qđ-THTT" → "12/QĐ-THTT"."""
    return unicodedata.normalize("NFC", "".join((value or "").split())).upper()


def check_decision_number(value: str) -> str:
    """The normalised number of an establishing decision, or a ValidationError saying what is wrong."""
    number = normalize_decision_number(value)
    if not number:
        return ""
    if not TYPED_NUMBER.match(number):
        raise ValidationError(
            _("“%(value)s” is not a document number: write it as number/QĐ-agency symbol, for example 12/QĐ-THTT."),
            code="format",
            params={"value": nfc(value)},
        )
    doc_type = number.split("/", 1)[1].split("-", 1)[0]
    if doc_type != DECISION_TYPE:
        raise ValidationError(
            _(
                "“%(value)s” is not the number of a decision: the type code after the slash must be QĐ, e.g. 12/QĐ-THTT."
            ),
            code="type",
            params={"value": number},
        )
    return number


def check_role(*, council: Council, role: str, exclude: CouncilMember | None = None) -> None:
    """Raise a ValidationError if *role* is one a council has only one of, and someone else holds it."""
    if role not in SINGLE_ROLES:
        return
    holders = CouncilMember.objects.filter(council=council, role=role).select_related("person")
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    holder = holders.first()
    if holder is None:
        return
    if role == CouncilRole.CHAIR:
        message = _(
            "The council already has a chair (%(name)s). A council has exactly one chair: "
            "first change %(name)s's role, then choose the new chair."
        )
    else:
        message = _(
            "The council already has a secretary (%(name)s). A council has at most one secretary: "
            "first change %(name)s's role."
        )
    raise ValidationError({"role": ValidationError(message, code=f"second_{role}", params={"name": holder.person})})


def check_person(*, council: Council, person: Person, exclude: CouncilMember | None = None) -> None:
    if not person.unit.path.startswith(council.unit.path) or not person.is_active:
        raise ValidationError(
            {"person": ValidationError(_("Choose a member among the active staff of %(unit)s and the units it manages."),
                                       code="other_unit", params={"unit": council.unit.name})}
        )  # fmt: skip
    seated = CouncilMember.objects.filter(council=council, person=person)
    if exclude is not None:
        seated = seated.exclude(pk=exclude.pk)
    if seated.exists():
        raise ValidationError(
            {"person": ValidationError(_("%(name)s is already a member of this council."), code="seated",
                                       params={"name": person.full_name})}
        )  # fmt: skip


def check_account(*, council: Council, user) -> None:
    if user is not None and not user.memberships.filter(unit__path__startswith=council.unit.path).exists():
        raise ValidationError(
            {"user": ValidationError(_("Choose an account of %(unit)s or of a unit it manages."), code="other_unit",
                                     params={"unit": council.unit.name})}
        )  # fmt: skip


def check_unique_council(*, unit: Unit, period: Period, kind: str, exclude: Council | None = None) -> None:
    others = Council.objects.filter(unit=unit, period=period, kind=kind)
    if exclude is not None and exclude.pk:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationError(
            _("%(unit)s already has its %(kind)s for %(period)s: open it to change it."),
            code="exists",
            params={"unit": unit.name, "kind": CouncilKind(kind).label.lower(), "period": period.name},
        )


def council_problems(*, council: Council, members: list[CouncilMember]) -> list[str]:
    """What keeps a council from being complete, in sentences for its page."""
    problems = []
    chairs = sum(1 for member in members if member.role == CouncilRole.CHAIR)
    if chairs == 0:
        problems.append(gettext("The council has no chair yet: a council has exactly one chair."))
    if not council.decision_number:
        problems.append(gettext("The number of the establishing decision is missing."))
    return problems


def decision_file_name(*, council: Council, extension: str) -> str:
    stem = (
        slugify(f"quyet-dinh-{council.get_kind_display()}-{council.unit.symbol}-{council.period.name}") or "quyet-dinh"
    )
    return f"{stem}.{extension}"


CHANGED_MEANWHILE = _("Someone else changed this council at the same moment: open it again and check.")


def _save_once(save, *checks) -> None:
    """Run *save*; if a unique constraint refuses it (a concurrent request got there first), raise the
    ValidationError of the first check that now fails, as if this request had waited."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError:
        for check in checks:
            check()
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from None


@transaction.atomic
def create_council(
    *, unit: Unit, period: Period, kind: str, decision_number: str = "", decision_date=None,
    decision_file=None, file_extension: str = "", by,
) -> Council:  # fmt: skip
    check_unique_council(unit=unit, period=period, kind=kind)
    council = Council(
        unit=unit, period=period, kind=kind, decision_number=check_decision_number(decision_number),
        decision_date=decision_date,
    )  # fmt: skip
    council._history_user = by
    council.full_clean(exclude=["decision_file"], validate_constraints=False)  # check_unique_council says it in words
    _save_once(council.save, lambda: check_unique_council(unit=unit, period=period, kind=kind))
    if decision_file is not None:
        council.decision_file.save(decision_file_name(council=council, extension=file_extension), decision_file)
    return council


@transaction.atomic
def update_council(
    *, council: Council, period: Period, kind: str, decision_number: str = "", decision_date=None,
    decision_file=None, file_extension: str = "", by,
) -> Council:  # fmt: skip
    council = Council.objects.select_for_update().select_related("unit", "period").get(pk=council.pk)
    check_unique_council(unit=council.unit, period=period, kind=kind, exclude=council)
    council.period, council.kind = period, kind
    council.decision_number = check_decision_number(decision_number)
    council.decision_date = decision_date
    council.full_clean(exclude=["decision_file"], validate_constraints=False)  # check_unique_council says it in words
    fields = ["period", "kind", "decision_number", "decision_date"]
    if decision_file is not None:
        old = council.decision_file.name
        council.decision_file.save(decision_file_name(council=council, extension=file_extension), decision_file,
                                   save=False)  # fmt: skip
        fields.append("decision_file")
        if old and old != council.decision_file.name:
            storage = council.decision_file.storage
            transaction.on_commit(lambda: storage.delete(old))
    council._history_user = by
    _save_once(
        lambda: council.save(update_fields=fields),
        lambda: check_unique_council(unit=council.unit, period=period, kind=kind, exclude=council),
    )
    return council


def _lock(council: Council) -> Council:
    return Council.objects.select_for_update().select_related("unit").get(pk=council.pk)


def _next_order(council: Council) -> int:
    last = council.members.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_council_member(*, council: Council, person: Person, role: str, user=None, by) -> CouncilMember:
    council = _lock(council)
    check_person(council=council, person=person)
    check_role(council=council, role=role)
    if user is None:
        user = account_of(person)  # the account follows the chosen person
    check_account(council=council, user=user)
    member = CouncilMember(council=council, person=person, role=role, user=user, order=_next_order(council))
    member._history_user = by
    _save_once(
        member.save,
        lambda: check_person(council=council, person=person),
        lambda: check_role(council=council, role=role),
    )
    return member


@transaction.atomic
def update_council_member(*, member: CouncilMember, role: str, user=None, by) -> CouncilMember:
    council = _lock(member.council)
    check_role(council=council, role=role, exclude=member)
    check_account(council=council, user=user)
    member.role, member.user = role, user
    member._history_user = by
    _save_once(
        lambda: member.save(update_fields=["role", "user"]),
        lambda: check_role(council=council, role=role, exclude=member),
    )
    return member


@transaction.atomic
def remove_council_member(*, member: CouncilMember, by) -> None:
    council = _lock(member.council)
    member._history_user = by
    member.delete()
    _renumber(council, list(council.members.order_by("order", "pk")), by=by)


@transaction.atomic
def move_council_member(*, member: CouncilMember, up: bool, by) -> None:
    """Swap *member* with the one above (or below) it in the printed order."""
    council = _lock(member.council)
    members = list(council.members.order_by("order", "pk"))
    index = next((i for i, m in enumerate(members) if m.pk == member.pk), None)
    if index is None:  # removed by a request that came first: nothing left to move
        return
    other = index - 1 if up else index + 1
    if 0 <= other < len(members):
        members[index], members[other] = members[other], members[index]
    _renumber(council, members, by=by)


def _renumber(council: Council, members: list[CouncilMember], *, by) -> None:
    changed = []
    for order, member in enumerate(members, start=1):
        if member.order != order:
            member.order = order
            changed.append(member)
    bulk_update_with_history(changed, CouncilMember, ["order"], default_user=by)
