"""The README stays true: every API route, instrument, setting and command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from django.core.management import get_commands

from reconnect.api.router import api
from reconnect.measures.instruments import INSTRUMENTS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_every_api_route_is_in_the_readme():
    spec = api.get_openapi_schema()
    missing = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method in operations
        if f"{method.upper()} {path}" not in README
    ]
    assert missing == []


def test_every_instrument_code_is_in_the_readme():
    assert [code for code in INSTRUMENTS if f"`{code}`" not in README] == []


def test_every_environment_setting_is_in_the_readme():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    names = set(re.findall(r'env_(?:str|bool|int)\("([A-Z_]+)"', settings_source))
    assert sorted(n for n in names if f"`{n}`" not in README) == []


def test_every_reconnect_command_is_in_the_readme():
    ours = [name for name, app in get_commands().items() if app.startswith("reconnect.")]
    assert sorted(name for name in ours if f"reconnect {name}" not in README) == []


def _production_section() -> str:
    start = README.index("## Running in production")
    end = README.find("\n## ", start + 1)
    return README[start : end if end != -1 else None]


def _code(text: str) -> str:
    """The code spans and fenced blocks of a Markdown text: where commands are written."""
    fenced = re.findall(r"```.*?```", text, flags=re.S)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    return "\n".join(fenced + spans)


def test_every_command_the_production_section_names_exists():
    code = _code(_production_section())
    named = set(re.findall(r"(?:^|[\s/])reconnect ([a-z][a-z_]*)", code, flags=re.M))
    assert {"serve", "db_worker", "backup", "restore", "restore_drill", "migrate"} <= named
    assert sorted(named - set(get_commands())) == []


def test_every_make_target_the_production_section_names_exists():
    targets = set(re.findall(r"(?:^|\s)make ([a-z][a-z-]*)", _code(_production_section()), re.M))
    defined = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), flags=re.M))
    assert "serve" in targets
    assert sorted(targets - defined) == []


def test_every_deploy_file_the_production_section_names_exists():
    paths = set(re.findall(r"deploy/[\w./-]*\w", _production_section()))
    assert "deploy/Caddyfile" in paths and "deploy/nginx.conf" in paths
    assert sorted(p for p in paths if not (ROOT / p).is_file()) == []
