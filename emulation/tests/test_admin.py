import pytest
from django.contrib import admin
from django.urls import reverse

from emulation.models import Award

from .factories import UserFactory

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
