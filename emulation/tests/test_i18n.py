import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def catalogue_entries() -> list[tuple[str, str, bool]]:
    """(msgid, first msgstr, fuzzy) for every live entry of the Vietnamese catalogue."""
    text = PO_FILE.read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue
        msgid = "".join(re.findall(r'^msgid "(.*)"$|^(?<=\n)"(.*)"$', block, re.M)[0])
        strings = re.findall(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        msgstr = "".join(re.findall(r'"(.*)"', strings[0])) if strings else ""
        entries.append((msgid, msgstr, "fuzzy" in block.split("msgid")[0]))
    return entries


def test_vietnamese_catalogue_is_complete():
    entries = catalogue_entries()
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]

    assert len(entries) > 150
    assert untranslated == []


def test_vietnamese_catalogue_is_compiled():
    assert PO_FILE.with_suffix(".mo").stat().st_size > 0


@pytest.mark.django_db
def test_interface_is_vietnamese_by_default(client, principal_a):
    client.force_login(principal_a)

    content = client.get(reverse("emulation:person-list")).content.decode()

    assert "Cán bộ, giáo viên, nhân viên" in content
    assert "Xuất ra Excel" in content


@pytest.mark.django_db
def test_english_can_be_selected(client, principal_a):
    client.force_login(principal_a)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("emulation:person-list")).content.decode()

    assert "Export to Excel" in content


@pytest.mark.django_db
def test_dates_in_lists_are_day_month_year(client, principal_a, person_a):
    client.force_login(principal_a)

    content = client.get(reverse("emulation:person-list")).content.decode()

    assert "17/05/1985" in content


@pytest.mark.django_db
def test_browser_asking_for_english_still_gets_vietnamese(client, principal_a):
    client.force_login(principal_a)

    response = client.get(reverse("emulation:person-list"), headers={"accept-language": "en-US,en;q=0.9"})

    assert response.headers["Content-Language"] == "vi"
    assert "Cán bộ, giáo viên, nhân viên" in response.content.decode()


@pytest.mark.django_db
def test_login_page_is_vietnamese_for_an_english_browser(client):
    response = client.get(reverse("login"), headers={"accept-language": "en-US"})

    assert response.headers["Content-Language"] == "vi"
    assert "Đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_chosen_english_is_remembered_for_the_account_on_another_browser(client, principal_a):
    client.force_login(principal_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    other_browser = type(client)()

    other_browser.post(reverse("login"), {"username": "hieutruong_a", "password": "secret-pass-123"})
    response = other_browser.get(reverse("emulation:person-list"))

    assert response.headers["Content-Language"] == "en"
    assert principal_a.preference.language == "en"


@pytest.mark.django_db
def test_language_menu_on_the_login_page_sets_the_browser_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert response.url == "/accounts/login/"
    assert client.get(reverse("login")).headers["Content-Language"] == "en"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("posted", "next_url", "language", "redirect"),
    [
        ("en", "/staff/", "en", "/staff/"),
        ("fr", "/staff/", "vi", "/staff/"),
        ("", "/staff/", "vi", "/staff/"),
        ("en", "https://evil.example.com/", "en", "/"),
        ("en", "//evil.example.com/", "en", "/"),
    ],
)
def test_language_choice_is_checked(client, principal_a, posted, next_url, language, redirect):
    client.force_login(principal_a)

    response = client.post(reverse("set_language"), {"language": posted, "next": next_url})

    assert response.url == redirect
    assert client.get(reverse("emulation:dashboard")).headers["Content-Language"] == language


@pytest.mark.django_db
def test_language_menu_answers_only_post(client, principal_a):
    client.force_login(principal_a)

    assert client.get(reverse("set_language")).status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Enter a valid JSON.", "Hãy nhập dữ liệu JSON hợp lệ."),
        ("That page number is less than 1", "Số trang nhỏ hơn 1"),
        ("Account locked: too many login attempts. Please try again later.", "Tài khoản tạm khóa"),
    ],
)
def test_strings_djangos_catalogue_lacks_are_vietnamese(english, vietnamese):
    from django.utils import translation

    with translation.override("vi"):
        assert translation.gettext(english).startswith(vietnamese)


@pytest.mark.django_db
def test_too_short_password_is_refused_in_vietnamese(client, principal_a):
    client.force_login(principal_a)

    response = client.post(
        reverse("password_change"),
        {"old_password": "secret-pass-123", "new_password1": "ab1", "new_password2": "ab1"},
        headers={"accept-language": "en-US"},
    )

    assert "Mật khẩu quá ngắn" in response.content.decode()
