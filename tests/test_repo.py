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
    assert "pip install -e ." in cmds[0] and "eventmill" in cmds[0].split("pip install -e .")[1]
    assert 'pip install -e ".[test]"' in cmds[1] and "pytest" in cmds[1]


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
