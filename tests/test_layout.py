"""The code's shape, as the README's "How the code is laid out" promises it: no import cycles,
and one class per name.

import-linter's contracts (in `make test`) keep the layers pointing one way; a cycle *inside* a
layer (two core modules importing each other, even lazily inside a function) is what they do not
see, and it is where "one home for every rule" starts to fail. grimp is import-linter's own graph.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grimp
import pytest

SOURCE = Path(__file__).parent.parent / "src" / "handover"


def import_cycles(package: str) -> list[list[str]]:
    """Every group of modules that import each other, directly or through others (Tarjan)."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True)
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in order:
            visit(module)
    return cycles


def test_no_module_imports_itself_back_through_others() -> None:
    assert import_cycles("handover") == []


def test_the_cycle_finder_sees_a_cycle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail: two modules that import each other inside a function are found."""
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from loop import b\n")
    (package / "b.py").write_text("from loop import a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_cycles("loop") == [["loop.a", "loop.b"]]


def classes_named_twice(root: Path) -> dict[str, list[str]]:
    """Class names defined in more than one module under root, with where (an AST scan)."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                found.setdefault(node.name, []).append(str(path.relative_to(root)))
    return {name: where for name, where in found.items() if len(where) > 1}


def test_no_two_classes_share_a_name() -> None:
    """A reader who meets `Change` knows which one: the change transaction, not a git path."""
    assert classes_named_twice(SOURCE) == {}


def test_the_name_scan_sees_a_name_used_twice(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("class Problem:\n    pass\n")
    (tmp_path / "b.py").write_text("def f():\n    class Problem: ...\n")
    assert classes_named_twice(tmp_path) == {"Problem": ["a.py", "b.py"]}


def modules_named_in_readme(readme: str) -> dict[str, set[str]]:
    """The README's module list under "How the code is laid out": package → module names."""
    section = readme.split("### How the code is laid out", 1)[1].split("\n### ", 1)[0]
    named: dict[str, set[str]] = {}
    package = ""
    for line in section.splitlines():
        if found := re.match(r"^- `([\w/]+)/`:(.*)$", line):
            package, line = found[1], found[2]
        elif not line.startswith("  "):
            package = ""
        if package:
            named.setdefault(package, set()).update(re.findall(r"`(\w+)`", line))
    return named


def modules_in_tree(root: Path) -> dict[str, set[str]]:
    """Package (as the README says it: `handover`, `core/importing`) → its modules' names."""
    found: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        folder = path.parent.relative_to(root).as_posix()
        if path.stem != "__init__":
            found.setdefault("handover" if folder == "." else folder, set()).add(path.stem)
    return found


def test_the_readme_names_every_module_and_no_other() -> None:
    readme = (SOURCE.parent.parent / "README.md").read_text(encoding="utf-8")
    assert modules_named_in_readme(readme) == modules_in_tree(SOURCE)
