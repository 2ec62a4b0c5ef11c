"""Each app imports only the apps below it: places none of ours, providers places, inspections those two,
dashboard all three."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = {"places", "providers", "inspections", "dashboard"}
ALLOWED = {
    "places": set(),
    "providers": {"places"},
    "inspections": {"providers", "places"},
    "dashboard": {"providers", "inspections", "places"},
}


def imported_apps(path, app, root=ROOT):
    """The other apps of ours that a module imports, wherever in the module the import is."""
    package = path.relative_to(root).with_suffix("").parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                names = [".".join([*base, node.module or ""]).strip(".")]
            else:
                names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & OUR_APPS
    return found - {app}


def app_modules(app):
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_an_app_imports_only_the_apps_below_it(app):
    modules = app_modules(app)
    assert modules
    wrong = {
        str(path.relative_to(ROOT)): sorted(apps - ALLOWED[app])
        for path in modules
        if (apps := imported_apps(path, app)) - ALLOWED[app]
    }
    assert wrong == {}


def test_an_import_of_another_app_is_found_wherever_it_is(tmp_path):
    module = tmp_path / "providers" / "admin.py"
    module.parent.mkdir()
    module.write_text(
        "from .services import create_or_update_provider\n"
        "import providers.models\n"
        "def write():\n"
        "    from inspections.services import inspections\n"
        "    import dashboard.cache\n"
    )
    assert imported_apps(module, "providers", root=tmp_path) == {"inspections", "dashboard"}
