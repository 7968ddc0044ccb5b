#!/usr/bin/env bash
# Write requirements.lock (what `pip install` of eventmill needs) and requirements-test.lock (the
# same with the test extras) from pyproject.toml: every package pinned, every file hash-checked,
# for CPython 3.11 on x86-64 Linux. Run after changing a dependency in pyproject.toml; the README's
# commands install from these files (`pip install --no-deps -r requirements.lock`, then `pip check`), and tests/test_repo.py
# checks that they agree with pyproject.toml. Needs uv (`pip install uv`), only here.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes --no-header --quiet)
uv pip compile pyproject.toml "${common[@]}" -o requirements.lock
uv pip compile pyproject.toml --extra test "${common[@]}" -o requirements-test.lock
echo "wrote requirements.lock and requirements-test.lock"
