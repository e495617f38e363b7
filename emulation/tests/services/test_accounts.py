import pytest

from emulation.enums import Role
from emulation.models import Membership
from emulation.services.accounts import create_account, grant_role, revoke_role
from emulation.tests.factories import UserFactory
from emulation.tests.history import last_change

pytestmark = pytest.mark.django_db


def test_create_account_records_the_administrator_on_the_role(district_admin, school_a, person_a):
    user = create_account(
        unit=school_a, role=Role.PRINCIPAL, username="ht.thanhtuyen", password="Mat-khau-2025!",
        person=person_a, by=district_admin,
    )  # fmt: skip

    membership = Membership.objects.get(user=user)
    assert last_change(membership) == (district_admin, "+", [])


def test_granting_a_role_held_already_records_nothing(district_admin, principal_a, school_a):
    membership = Membership.objects.get(user=principal_a)
    before = Membership.history.filter(id=membership.pk).count()

    again = grant_role(user=principal_a, unit=school_a, role=Role.PRINCIPAL, by=district_admin)

    assert (again.pk, Membership.history.filter(id=membership.pk).count()) == (membership.pk, before)


def test_revoking_a_role_records_who_revoked_it(district_admin, school_a):
    membership = grant_role(user=UserFactory(username="pht"), unit=school_a, role=Role.DEPUTY_PRINCIPAL)
    pk = membership.pk

    revoke_role(membership=membership, by=district_admin)

    record = Membership.history.filter(id=pk).order_by("-history_date", "-history_id").first()
    assert (record.history_type, record.history_user, record.role) == ("-", district_admin, Role.DEPUTY_PRINCIPAL)
