"""Domain tools. Importing a module registers its tools (see ``registry``)."""

from __future__ import annotations

import importlib

# Every module that registers tools; add new ones here.
TOOL_MODULES = [
    "agents.tools.tables",
    "agents.tools.query",
    "agents.tools.production",
    "agents.tools.economics",
    "agents.tools.emissions",
    "agents.tools.emissions_report",
    "agents.tools.carbon_price",
    "agents.tools.charts",
]

_loaded = False


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in TOOL_MODULES:
        importlib.import_module(module)
    _loaded = True
