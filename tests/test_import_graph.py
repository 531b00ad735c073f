"""The core's import graph is one-way: no module imports, directly or through others, a
module that imports it back (issue 11, docs/adr/0008).

The graph is read from the source with ``ast``: every ``import`` and ``from ... import``
statement counts, at module level or inside a function, except those under an
``if TYPE_CHECKING:`` block (never run). ``from X import name`` is an edge to the
submodule ``X.name`` when there is one, else to ``X`` itself; a module's implicit import
of its parent package is not an edge (Python runs every package's ``__init__`` first).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import qrpay

PACKAGE = Path(qrpay.__file__).resolve().parent


def module_name(package: Path, path: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
            if name == "TYPE_CHECKING":
                for statement in node.body:  # the else branch does run
                    skipped.update(id(sub) for sub in ast.walk(statement))
    return skipped


def imports_of(package: Path, path: Path, modules: set[str]) -> set[str]:
    """The package modules that ``path`` imports (anywhere in it but TYPE_CHECKING blocks)."""
    me = module_name(package, path)
    anchor = me if path.name == "__init__.py" else me.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    found: set[str] = set()

    def add(name: str) -> None:
        while name and name not in modules:  # a.b.Class -> a.b
            name = name.rpartition(".")[0]
        if name and name != me:
            found.add(name)

    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = anchor.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                add(sub if sub in modules else base)
    return found


def import_graph(package: Path) -> dict[str, set[str]]:
    files = {module_name(package, f): f for f in sorted(package.rglob("*.py"))}
    modules = set(files)
    return {name: imports_of(package, path, modules) for name, path in files.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _describe(graph: dict[str, set[str]], component: list[str]) -> str:
    members = set(component)
    edges = [f"{a} -> {b}" for a in component for b in sorted(graph[a] & members)]
    return "; ".join(edges)


def test_the_package_import_graph_has_no_cycle() -> None:
    graph = import_graph(PACKAGE)
    assert len(graph) > 20  # the walk found the package (core, schemes, conformance)
    found = cycles(graph)
    assert found == [], "import cycles: " + " | ".join(_describe(graph, c) for c in found)


def test_the_model_knows_nothing_of_builders_or_the_registry() -> None:
    graph = import_graph(PACKAGE)
    assert not graph["qrpay.model"] & {"qrpay.builder", "qrpay.codec", "qrpay.schemes"}
    # schemes (registry, base and profiles) never import the codec
    assert [m for m, deps in graph.items() if m.startswith("qrpay.schemes") and "qrpay.codec" in deps] == []


# -- the walker itself, on packages written for the test ----------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_an_import_inside_a_function_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import thing\n",
            "b.py": "def thing():\n    from . import a\n    return a\n",
            "c.py": "import pkg.a\n",
        },
    )
    graph = import_graph(root)
    assert graph == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": {"pkg.a"}, "pkg.c": {"pkg.a"}}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


@pytest.mark.parametrize("guard", ["TYPE_CHECKING", "typing.TYPE_CHECKING"])
def test_type_checking_imports_do_not_count_but_their_else_branch_does(tmp_path: Path, guard: str) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from .b import thing\n",
            "b.py": f"import typing\nfrom typing import TYPE_CHECKING\nif {guard}:\n    from .a import x\n",
            "c.py": "from .d import y\n",
            "d.py": "TYPE_CHECKING = False\nif TYPE_CHECKING:\n    pass\nelse:\n    from .c import z\n",
        },
    )
    graph = import_graph(root)
    assert graph["pkg.b"] == set()
    assert cycles(graph) == [["pkg.c", "pkg.d"]]


def test_from_package_import_submodule_is_an_edge_to_the_submodule(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "__init__.py": "from .sub import helper\n",
            "sub/__init__.py": "from ..leaf import value\nhelper = 1\n",
            "sub/deep.py": "from .. import leaf\nfrom . import helper\n",
            "leaf.py": "value = 1\n",
        },
    )
    graph = import_graph(root)
    assert graph["pkg"] == {"pkg.sub"}
    assert graph["pkg.sub"] == {"pkg.leaf"}
    assert graph["pkg.sub.deep"] == {"pkg.leaf", "pkg.sub"}
    assert cycles(graph) == []
