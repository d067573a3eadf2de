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
