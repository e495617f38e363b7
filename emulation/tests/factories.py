import datetime as dt

import factory
from django.contrib.auth import get_user_model

from emulation.enums import Role, SchoolLevel, Sex, StaffCategory, UnitKind
from emulation.models import Membership, Period, Person, Unit


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period
        django_get_or_create = ("name",)

    name = "2024-2025"
    start_date = dt.date(2024, 9, 1)
    end_date = dt.date(2025, 8, 31)
    is_current = True


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.DISTRICT_OFFICE
    name = factory.Sequence(lambda n: f"Phòng Giáo dục và Đào tạo số {n}")
    print_name = "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    governing_body = "UBND HUYỆN DẦU TIẾNG"
    symbol = "PGDĐT"
    place_name = "Dầu Tiếng"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    kind = UnitKind.SCHOOL
    level = SchoolLevel.PRIMARY
    name = factory.Sequence(lambda n: f"Trường Tiểu học Số {n}")
    print_name = factory.LazyAttribute(lambda o: o.name.upper())
    governing_body = "PHÒNG GDĐT DẦU TIẾNG"
    symbol = factory.Sequence(lambda n: f"TH{n}")
    place_name = "Dầu Tiếng"
    parent = factory.SubFactory(DistrictFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn An {n}")
    sex = Sex.MALE
    date_of_birth = dt.date(1985, 5, 17)
    unit = factory.SubFactory(SchoolFactory)
    position = "Giáo viên"
    category = StaffCategory.TEACHER
    sector_start_date = dt.date(2008, 9, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass-123")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(SchoolFactory)
    role = Role.PRINCIPAL
