import datetime as dt
from decimal import Decimal

import factory
from django.core.files.base import ContentFile

from emulation.enums import CouncilKind, CouncilRole
from emulation.models import Council, CouncilMember
from emulation.tests.factories import PeriodFactory, PersonFactory, SchoolFactory
from initiatives.enums import AttachmentKind
from initiatives.models import Field, Initiative, InitiativeAttachment, InitiativeAuthor

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
