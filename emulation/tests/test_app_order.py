"""The apps import each other only downwards: emulation → initiatives → awards → schedules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ORDER = ["emulation", "initiatives", "awards", "schedules"]


def imported_apps(app: str) -> dict[str, set[str]]:
    """Map each module of *app* to the project apps it imports."""
    found = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names & set(ORDER) - {app}
    return found


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_apps_before_it(app):
    allowed = set(ORDER[: ORDER.index(app)])

    upward = {module: sorted(names - allowed) for module, names in imported_apps(app).items() if names - allowed}

    assert upward == {}


def test_checker_sees_an_upward_import(tmp_path, monkeypatch):
    package = tmp_path / "emulation"
    package.mkdir()
    (package / "bad.py").write_text("from schedules.models import Plan\nimport awards.services\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)

    assert imported_apps("emulation") == {"emulation/bad.py": {"awards", "schedules"}}
