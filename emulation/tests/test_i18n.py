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
