import datetime as dt

import factory
from django.utils import timezone

from emulation.enums import DeadlineAction, DocumentType
from emulation.models import IssuedNumber
from emulation.tests.factories import DistrictFactory, PeriodFactory, UserFactory
from schedules.enums import PlanState
from schedules.models import Milestone, Plan
from schedules.services import sync_milestone_deadline


class IssuedNumberFactory(factory.django.DjangoModelFactory):
    """A line of the register, as issuing a plan writes it: the Dầu Tiếng plan's "58/KH-PGDĐT" of 03/11/2023."""

    class Meta:
        model = IssuedNumber

    unit = factory.SubFactory(DistrictFactory)
    year = 2023
    doc_type = DocumentType.PLAN
    number = 58
    symbol = factory.LazyAttribute(lambda o: f"{o.number:02d}/KH-{o.unit.symbol}")
    issued_on = dt.date(2023, 11, 3)
    title = "Công tác thi đua, khen thưởng năm học 2023 - 2024"


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan of the 2023-2024 school year; ``issued=True`` gives it the Dầu Tiếng plan's number."""

    class Meta:
        model = Plan

    issuing_unit = factory.SubFactory(DistrictFactory)
    period = factory.SubFactory(
        PeriodFactory,
        name="2023-2024",
        start_date=dt.date(2023, 9, 1),
        end_date=dt.date(2024, 8, 31),
        is_current=False,
    )
    title = "Công tác thi đua, khen thưởng năm học 2023 - 2024"
    signer_prefix = "KT."
    signer_authority = "TRƯỞNG PHÒNG"
    signer_position = "PHÓ TRƯỞNG PHÒNG"
    signer_name = "Tạ Tấn Tuấn"
    created_by = factory.SubFactory(UserFactory)

    class Params:
        issued = factory.Trait(
            state=PlanState.ISSUED,
            announced_at=factory.LazyFunction(timezone.now),
            issued_number=factory.SubFactory(IssuedNumberFactory, unit=factory.SelfAttribute("..issuing_unit")),
        )


class MilestoneFactory(factory.django.DjangoModelFactory):
    """A milestone; pass ``units=[…]`` to name the units that act, which also writes its deadline."""

    class Meta:
        model = Milestone
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory, issued=True)
    order = factory.Sequence(lambda n: n + 1)
    content = factory.Sequence(lambda n: f"Nộp báo cáo số {n + 1}")
    due_text = ""
    due_on = dt.date(2023, 11, 10)
    done_when = DeadlineAction.MANUAL

    @factory.post_generation
    def units(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted:
            self.actor_units.set(extracted)
        sync_milestone_deadline(milestone=self)
