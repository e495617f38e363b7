import re
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)


def test_env_example_lists_every_variable_the_settings_read():
    source = (BASE_DIR / "config" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'\benv(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', source))
    example = (BASE_DIR / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]*)=", example, re.M))

    assert "DATABASE_URL" in read
    assert sorted(read - listed) == []
    assert sorted(listed - read) == []
