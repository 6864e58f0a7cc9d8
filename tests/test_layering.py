"""The direction of the dependencies: what announces never imports what listens.

Read from the source (every import, also those inside functions), so a
circle cannot come back through a lazy import.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "coordinator"


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, as absolute dotted names under ``coordinator``."""
    package = ["coordinator", *path.relative_to(PACKAGE).with_suffix("").parts[:-1]]
    if path.name == "__init__.py":
        package = ["coordinator", *path.relative_to(PACKAGE).parts[:-1]]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def imports_of(folder: str) -> dict[str, set[str]]:
    return {str(path.relative_to(PACKAGE)): imported_modules(path) for path in (PACKAGE / folder).glob("*.py")}


def test_the_alert_services_announce_and_never_import_the_notifiers():
    for name, modules in imports_of("conflicts").items():
        wrong = {m for m in modules if m.startswith(("coordinator.review", "coordinator.notifications",
                                                       "coordinator.watch"))}
        assert not wrong, f"{name} imports {wrong}"


def test_notifications_do_not_read_the_alert_services():
    for name, modules in imports_of("notifications").items():
        wrong = {m for m in modules if m.startswith(("coordinator.conflicts", "coordinator.review"))}
        assert not wrong, f"{name} imports {wrong}"


def test_the_api_modules_describe_their_paths_without_importing_the_document():
    for name, modules in imports_of("api").items():
        if name not in ("api/openapi.py", "api/__init__.py"):  # the package imports it to route /openapi.json
            assert "coordinator.api.openapi" not in modules, name
    assert "coordinator.api.openapi" not in imported_modules(PACKAGE / "audit" / "openapi.py")


def test_the_layering_check_reads_relative_and_lazy_imports():
    alerts = imported_modules(PACKAGE / "conflicts" / "alerts.py")
    assert {"coordinator.conflicts.signals", "coordinator.deconfliction.conflicts"} <= alerts
    assert "coordinator.api.openapi" in imported_modules(PACKAGE / "security" / "query.py")  # inside a function
