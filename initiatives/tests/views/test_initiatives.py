"""One initiative's page and its files: who sees them, who gets a 404."""

import pytest
from django.urls import reverse

from initiatives.tests.factories import PDF, complete_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(school_a, period, person_a):
    return complete_initiative(unit=school_a, period=period, author=person_a, title="Sơ đồ tư duy trong Tiếng Việt")


def test_detail_shows_the_application_to_its_principal(client, principal_a, initiative):
    client.force_login(principal_a)

    response = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))

    assert response.status_code == 200
    assert [author.full_name for author in response.context["authors"]] == ["Nguyễn Thị Hồng"]
    assert "Sơ đồ tư duy trong Tiếng Việt" in response.content.decode()


def test_detail_is_not_found_for_another_school(client, principal_b, initiative):
    client.force_login(principal_b)

    response = client.get(reverse("initiatives:initiative-detail", args=[initiative.pk]))

    assert response.status_code == 404


def test_file_download_for_the_office_above(client, district_staff, initiative):
    client.force_login(district_staff)
    attachment = initiative.attachments.get()

    response = client.get(reverse("initiatives:initiative-file-download", args=[initiative.pk, attachment.pk]))

    assert (response.status_code, b"".join(response.streaming_content)) == (200, PDF)
    assert response["Content-Type"] == "application/pdf"


def test_file_download_is_not_found_for_another_school(client, principal_b, initiative):
    client.force_login(principal_b)
    attachment = initiative.attachments.get()

    response = client.get(reverse("initiatives:initiative-file-download", args=[initiative.pk, attachment.pk]))

    assert response.status_code == 404
