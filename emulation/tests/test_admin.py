import pytest
from django.contrib import admin
from django.urls import reverse

from emulation.models import Award

from .factories import UserFactory
from .history import last_change

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", MODELS, ids=[model._meta.label for model in MODELS])
def test_admin_changelist_opens_in_vietnamese_for_a_superuser(client, model):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "vi"


def test_admin_is_closed_to_staff_without_admin_rights(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("admin:emulation_person_changelist"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_catalogue_holds_the_titles_and_forms_of_the_law():

    awards = {award.code: award for award in Award.objects.select_related("requires")}

    assert len(awards) == 20
    assert (awards["cstdcs"].name, awards["cstdcs"].requires.code, awards["cstdcs"].needs_initiative) == (
        "Chiến sĩ thi đua cơ sở",
        "ldtt",
        True,
    )
    assert (awards["ttldxs"].scope, awards["giay-khen"].kind, awards["knc-giao-duc"].is_local) == (
        "collective",
        "form",
        True,
    )


def test_admin_change_of_a_unit_records_the_superuser_and_the_diff(client, school_a):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    data = {
        "kind": school_a.kind, "level": school_a.level, "name": "Trường Tiểu học Thanh Tuyền B",
        "print_name": school_a.print_name, "governing_body": school_a.governing_body, "symbol": school_a.symbol,
        "place_name": school_a.place_name, "parent": school_a.parent_id, "is_active": "on",
        "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0",
    }  # fmt: skip

    response = client.post(reverse("admin:emulation_unit_change", args=[school_a.pk]), data)

    assert response.status_code == 302
    assert last_change(school_a) == (
        root,
        "~",
        [("name", "Trường Tiểu học Thanh Tuyền", "Trường Tiểu học Thanh Tuyền B")],
    )


def test_admin_change_of_an_award_records_the_superuser_and_the_diff(client):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    award = Award.objects.get(code="giay-khen")
    data = {
        "code": award.code, "name": award.name, "short_name": award.short_name, "kind": award.kind,
        "scope": award.scope, "level": award.level, "conferred_by": "commune_chair",
        "requires": award.requires_id or "", "legal_basis": award.legal_basis, "order": award.order,
        "is_active": "on",
        **({"needs_initiative": "on"} if award.needs_initiative else {}),
        **({"is_local": "on"} if award.is_local else {}),
    }  # fmt: skip

    response = client.post(reverse("admin:emulation_award_change", args=[award.pk]), data)

    assert response.status_code == 302
    assert last_change(award) == (root, "~", [("conferred_by", award.conferred_by, "commune_chair")])


def test_admin_shows_the_history_of_a_staff_member(client, person_a):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:emulation_person_history", args=[person_a.pk]))

    assert response.status_code == 200
    assert [record.history_type for record in response.context["page_obj"].object_list] == ["+"]
