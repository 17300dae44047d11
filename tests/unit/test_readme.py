"""The README's two opening commands are what users and CI run."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def opening_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)[:2]


def test_the_readme_opens_with_a_start_and_a_test_command():
    start, test = opening_commands()
    assert start.endswith(".venv/bin/sodon")
    assert "pytest" in test


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert opening_commands()[1] in ci.splitlines()
