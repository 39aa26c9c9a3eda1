"""The agents app does not import the chat app: the runner and the tools get what they
need (history, the running table's descriptions, a conversation loader) handed to them.

Every module under ``agents/`` is parsed; an import of ``chat`` anywhere in it (at
the top, inside a function, or by name through ``importlib``) is a failure. An
import only for type annotations (under ``if TYPE_CHECKING:``) never runs and is
allowed. The second test checks the check: it finds the import it must refuse.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                return True
    return False


def _is_chat(module: str) -> bool:
    return module == "chat" or module.startswith("chat.")


def chat_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every run-time import of ``chat`` in ``source``."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            modules = [node.args[0].value]
        for module in modules:
            if _is_chat(module) and not _type_checking_only(node, parents):
                found.append((node.lineno, module))
    return sorted(found)


def test_no_module_of_the_agents_app_imports_chat():
    offenders = {}
    modules = sorted((ROOT / "agents").rglob("*.py"))
    assert len(modules) > 30  # the whole app was read, not an empty folder
    for path in modules:
        found = chat_imports(path.read_text())
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


def test_the_check_finds_an_import_of_chat_wherever_it_is_written():
    source = """
from typing import TYPE_CHECKING
import importlib
import chatter
from chat_tools import x
if TYPE_CHECKING:
    from chat.models import Conversation

def history(conversation):
    from chat.selectors import conversation_messages
    return conversation_messages(conversation)

import chat.streaming as streaming
loaded = importlib.import_module("chat.services")
"""
    assert chat_imports(source) == [
        (10, "chat.selectors"),
        (13, "chat.streaming"),
        (14, "chat.services"),
    ]
