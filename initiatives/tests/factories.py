import datetime as dt
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from emulation.documents.numbering import allocate_number
from emulation.enums import CouncilKind, CouncilRole, DocumentType
from emulation.models import Council, CouncilMember
from emulation.tests.factories import PeriodFactory, PersonFactory, SchoolFactory
from initiatives.enums import AttachmentKind, DecisionState, InitiativeState
from initiatives.models import (
    Assignment,
    DecisionEntry,
    Field,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    RecognitionDecision,
)

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field
        django_get_or_create = ("code",)

    code = "giang-day"
    name = "Giảng dạy bộ môn"
    order = 1


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A draft with every field of the application filled; authors and files come from the helpers below."""

    class Meta:
        model = Initiative

    unit = factory.SubFactory(SchoolFactory)
    period = factory.SubFactory(PeriodFactory)
    title = factory.Sequence(lambda n: f"Sử dụng trò chơi học tập trong môn Toán lớp {n % 5 + 1} (số {n})")
    field = factory.SubFactory(FieldFactory)
    first_applied_on = dt.date(2024, 9, 15)
    description = "Các bước tổ chức trò chơi học tập trong tiết Toán."
    conditions = "Phòng học có máy chiếu."
    expected_benefit = "Học sinh hứng thú, kết quả kiểm tra tăng."


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeAuthor

    initiative = factory.SubFactory(InitiativeFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..initiative.unit"))
    full_name = factory.LazyAttribute(lambda o: o.person.full_name if o.person else "Lê Văn Ngoài")
    workplace = factory.LazyAttribute(lambda o: o.initiative.unit.name)
    position = "Giáo viên"
    qualification = "Cử nhân"
    contribution = Decimal("100")


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InitiativeAttachment

    initiative = factory.SubFactory(InitiativeFactory)
    kind = AttachmentKind.FULL_REPORT
    name = "bao-cao-sang-kien.pdf"
    size = len(PDF)
    file = factory.django.FileField(filename="bao-cao-sang-kien.pdf", data=PDF)


def complete_initiative(**kwargs) -> Initiative:
    """A draft that can be sent: one author with 100 % and the full report attached."""
    author = kwargs.pop("author", None)
    initiative = InitiativeFactory(**kwargs)
    if author is None:
        AuthorFactory(initiative=initiative)
    else:
        AuthorFactory(initiative=initiative, person=author, full_name=author.full_name)
    AttachmentFactory(initiative=initiative)
    return initiative


def pdf_file(name: str = "bao-cao.pdf") -> ContentFile:
    return ContentFile(PDF, name=name)


class InitiativeCouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("unit", "period", "kind")

    unit = factory.SubFactory(SchoolFactory)
    period = factory.SubFactory(PeriodFactory)
    kind = CouncilKind.INITIATIVE
    decision_number = "12/QĐ-HĐSK"


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(InitiativeCouncilFactory)
    person = factory.SubFactory(PersonFactory, unit=factory.SelfAttribute("..council.unit"))
    role = CouncilRole.MEMBER
    order = factory.Sequence(lambda n: n + 1)


def issue_recognition(initiative, *, council=None, scope="base", issued_on=dt.date(2025, 3, 20), recognised=True):
    """An issued decision of *council* (a new one of the initiative's school by default) deciding on *initiative*."""
    council = council or InitiativeCouncilFactory(unit=initiative.unit, period=initiative.period)
    number = allocate_number(unit=council.unit, doc_type=DocumentType.DECISION, issued_on=issued_on,
                             title="Công nhận sáng kiến")  # fmt: skip
    decision = RecognitionDecision.objects.create(
        council=council, state=DecisionState.ISSUED, summary="Về việc công nhận sáng kiến",
        authority="HIỆU TRƯỞNG", signer_authority="HIỆU TRƯỞNG", signer_name="Trần Văn Hiệu", issued_number=number,
    )  # fmt: skip
    assignment, _created = Assignment.objects.get_or_create(council=council, initiative=initiative)
    DecisionEntry.objects.create(
        decision=decision, initiative=initiative, assignment=assignment, recognised=recognised,
        scope=scope if recognised else "",
    )  # fmt: skip
    state = InitiativeState.RECOGNISED if recognised else InitiativeState.NOT_RECOGNISED
    Initiative.objects.filter(pk=initiative.pk).update(state=state, scope=scope if recognised else "")
    initiative.refresh_from_db()
    return decision
