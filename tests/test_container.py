"""The container image and the compose file say what the Procfile says, so the two cannot drift apart.

No Docker engine runs where the tests run: the files are read (YAML, the
Dockerfile's lines), not built.
"""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"^\$\{\w+(:-[^}]*)?\}$")  # ${COORDINATOR_PORT:-5000}: the value is the container's


def procfile() -> tuple[dict[str, str], dict[str, str]]:
    """The Procfile's processes, and those it gives as comments (``# name: command``)."""
    running, commented = {}, {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        found = re.match(r"^(#\s*)?(\w+):\s+(\S.*)$", line)
        if found:
            (commented if found.group(1) else running)[found.group(2)] = found.group(3)
    return running, commented


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def same_command(procfile_line: str, command: str) -> bool:
    """The same program and arguments; a ``${VAR:-default}`` of the Procfile may take any value."""
    ours, theirs = shlex.split(procfile_line), shlex.split(command)
    return len(ours) == len(theirs) and all(a == b or PLACEHOLDER.match(a) for a, b in zip(ours, theirs))


def services_for(name: str, services: dict) -> list[str]:
    """The compose services running a Procfile process: ``outbox``, or ``web-1``, ``web-2``…"""
    return [s for s in services if s == name or re.fullmatch(rf"{name}-\d+", s)]


def test_every_process_of_the_procfile_is_a_service_with_the_same_command():
    running, _ = procfile()
    assert set(running) == {"web", "outbox", "escalation", "sealer", "jobs", "network"}
    services = compose()["services"]
    for name, line in running.items():
        found = services_for(name, services)
        assert found, f"the Procfile's {name} has no service in compose.yaml"
        for service in found:
            assert same_command(line, services[service]["command"]), (service, services[service]["command"], line)
    assert len(services_for("web", services)) == 2  # one server process per core


def test_the_commented_federation_worker_is_commented_there_too():
    _, commented = procfile()
    text = (ROOT / "compose.yaml").read_text()
    assert "federation" in commented and "federation" not in compose()["services"]
    said = re.search(r"^\s*#\s*federation:\s*\n\s*#.*\n\s*#\s*command:\s*(.+)$", text, re.M)
    assert said and same_command(commented["federation"], said.group(1)), "no commented federation service"


def test_the_services_wait_for_the_database_and_the_migrations_and_say_whether_they_are_healthy():
    services = compose()["services"]
    assert "pg_isready" in str(services["db"]["healthcheck"]["test"])
    assert "ping" in str(services["redis"]["healthcheck"]["test"])
    ours = [name for name, s in services.items() if s.get("image", "").startswith("coordinator")]
    assert set(ours) >= {"migrate", "web-1", "web-2", "outbox", "escalation", "sealer", "jobs", "network"}
    for name in ours:
        needs = services[name]["depends_on"]
        assert needs["db"]["condition"] == "service_healthy", name
        if name != "migrate":
            assert needs["migrate"]["condition"] == "service_completed_successfully", name
            assert needs["redis"]["condition"] == "service_healthy", name
    assert services["migrate"]["command"] == "flask --app coordinator db upgrade"
    for web in services_for("web", services):
        assert "/api/v1/health" in str(services[web]["healthcheck"]["test"])


def test_every_setting_given_to_the_app_is_one_it_reads_and_the_secrets_come_from_the_environment():
    sources = (ROOT / "config.py").read_text() + (ROOT / "coordinator" / "__init__.py").read_text()
    read = set(re.findall(r'os\.environ\.get\("(\w+)"', sources))
    environment = compose()["services"]["outbox"]["environment"]
    unknown = {name for name in environment if name not in read}
    assert not unknown, f"compose.yaml sets what config.py never reads: {unknown}"
    for secret in ("SECRET_KEY", "AUDIT_KEY"):
        assert environment[secret].startswith(f"${{{secret}:?"), secret  # required, never written in the file
    assert environment["COORDINATOR_CONFIG"] == "production"


def test_the_image_installs_a_wheel_with_its_catalogs_and_runs_the_app_as_a_plain_user():
    lines = [line.strip() for line in (ROOT / "Dockerfile").read_text().splitlines()
             if line.strip() and not line.lstrip().startswith("#")]
    bases = [line.split()[1] for line in lines if line.startswith("FROM ")]
    assert bases and all(re.fullmatch(r"python:3\.\d+-slim", b) for b in bases), bases
    text = "\n".join(lines)
    assert "python -m build --wheel" in text and "messages.mo" in text  # the build checks the catalog is in it
    assert re.search(r"pip install .*coordinator-\*\.whl", text)
    users = [line.split()[1] for line in lines if line.startswith("USER ")]
    assert users and users[-1] not in ("root", "0")
    assert "COORDINATOR_ROOT=/srv/coordinator" in text
    for folder in ("templates", "static", "migrations"):
        assert re.search(rf"^COPY {folder} \./{folder}$", text, re.M), folder
    command = next(line for line in lines if line.startswith("CMD "))
    assert same_command(procfile()[0]["web"], " ".join(yaml.safe_load(command[4:])))


def test_an_installed_package_reads_its_templates_static_files_and_migrations_from_coordinator_root(
        tmp_path, monkeypatch):
    from coordinator import create_app
    from coordinator.extensions import migrate

    for folder in ("templates", "static", "migrations"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.setenv("COORDINATOR_ROOT", str(tmp_path))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}"})
    assert app.template_folder == str(tmp_path / "templates")
    assert app.static_folder == str(tmp_path / "static")
    assert app.instance_path == str(tmp_path / "instance")
    assert app.extensions["migrate"].directory == str(tmp_path / "migrations")
    assert migrate is app.extensions["migrate"].migrate
