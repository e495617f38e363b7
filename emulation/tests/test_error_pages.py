import pytest
from django.test import RequestFactory
from django.views import defaults
from django.views.csrf import csrf_failure


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.mark.django_db
def test_missing_page_is_vietnamese_with_the_menu_for_an_english_browser(client, production, principal_a):
    client.force_login(principal_a)

    response = client.get("/khong-co-trang-nay/", headers={"accept-language": "en-US"})

    content = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in content
    assert 'href="/"' in content  # back to the home page
    assert "CB-GV-NV" in content  # the navigation is there
    assert "Not Found" not in content


@pytest.mark.django_db
def test_missing_page_for_an_anonymous_user_is_vietnamese_without_the_menu(client, production):
    response = client.get("/khong-co-trang-nay/", headers={"accept-language": "en-US"})

    content = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy trang" in content
    assert "CB-GV-NV" not in content


@pytest.mark.django_db
def test_server_error_page_is_vietnamese_and_needs_no_database(production, django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = defaults.server_error(request)

    content = response.content.decode()
    assert response.status_code == 500
    assert "Lỗi máy chủ" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [(defaults.bad_request, 400, "Yêu cầu không hợp lệ"), (defaults.permission_denied, 403, "Không được phép")],
)
def test_bad_request_and_forbidden_pages_are_vietnamese(rf, production, principal_a, handler, status, heading):
    request = rf.get("/")
    request.user = principal_a

    response = handler(request, exception=Exception())

    assert response.status_code == status
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_expired_form_page_explains_what_to_do(rf, production, principal_a):
    request = rf.post("/")
    request.user = principal_a

    response = csrf_failure(request)

    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
