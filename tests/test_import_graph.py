"""The package's modules import one another without a cycle, and no feature's
views import another feature's views: a page made of several features' panels
is assembled from their panel functions (`<feature>/panels.py`), never by one
views module reaching into another.

The import graph is read from the source with `ast`, imports inside functions
included, since an import moved into a function only hides a cycle. Imports
under `if TYPE_CHECKING:` are left out: they are never run, and only name the
classes of the models' annotations for the type checker."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "drafting"

# Edges that may close a cycle, each with its reason; none are needed now.
KNOWN_EDGES: set[tuple[str, str]] = set()


@dataclass(frozen=True)
class Import:
    source: str
    target: str
    line: int
    in_function: bool


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(path, package): path for path in sorted(package.rglob("*.py"))}


def _in_functions(tree: ast.AST) -> set[int]:
    """The ids of the import nodes that sit inside a function."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            inside.update(id(inner) for inner in ast.walk(node) if isinstance(inner, ast.Import | ast.ImportFrom))
    return inside


def _for_type_checking(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under `if TYPE_CHECKING:`, which never run."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"
            or isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING"
        ):
            hidden.update(id(inner) for branch in node.body for inner in ast.walk(branch)
                          if isinstance(inner, ast.Import | ast.ImportFrom))
    return hidden


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """The package's own modules this module imports, at the top or in a function.
    `from x import y` is an import of the module `x.y` when there is one, else of `x`."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    inside = _in_functions(tree)
    type_only = _for_type_checking(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: dict[tuple[str, int], Import] = {}
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        for target in targets:
            if target in known and target != name:
                found[target, node.lineno] = Import(name, target, node.lineno, id(node) in inside)
    return sorted(found.values(), key=lambda edge: (edge.line, edge.target))


def import_graph(package: Path = PACKAGE) -> dict[str, list[Import]]:
    known = modules(package)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(graph: dict[str, list[Import]], ignored: set[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        on_stack.add(node)
        for edge in graph[node]:
            if (edge.source, edge.target) in ignored:
                continue
            if edge.target not in order:
                visit(edge.target)
                low[node] = min(low[node], low[edge.target])
            elif edge.target in on_stack:
                low[node] = min(low[node], order[edge.target])
        if low[node] == order[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in order:
            visit(node)
    return found


def describe(graph: dict[str, list[Import]], component: list[str]) -> str:
    members = set(component)
    return "\n".join(
        f"  {edge.source}:{edge.line} imports {edge.target}{' (inside a function)' if edge.in_function else ''}"
        for name in component for edge in graph[name] if edge.target in members
    )


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) == 3 and parts[2] == "views" else None


def test_no_import_cycle_between_the_modules_of_the_package():
    graph = import_graph()
    found = cycles(graph, ignored=KNOWN_EDGES)
    assert found == [], "import cycles:\n" + "\n\n".join(describe(graph, component) for component in found)


def test_no_feature_views_import_another_features_views():
    graph = import_graph()
    crossing = [
        f"{edge.source}:{edge.line} imports {edge.target}"
        for name, imports in graph.items() if feature_of(name)
        for edge in imports if feature_of(edge.target) and feature_of(edge.target) != feature_of(name)
    ]
    assert crossing == []


# The modules that may sit at the top of the package: the application
# factory, its configuration and extensions, and the shared model building
# blocks. Everything between WSGI and a view is in `drafting.web`.
TOP_LEVEL_MODULES = {"__init__", "config", "extensions", "core", "models"}

# What a feature offers the rest of the application; the web layer uses none
# of it (it may read the session and language tables, which it checks on
# every request, and the labels of the audit trail every template shows).
FEATURE_SURFACES = {"views", "forms", "operations", "panels", "feature", "cli"}


def test_the_top_of_the_package_holds_no_plumbing_modules():
    loose = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem not in TOP_LEVEL_MODULES)
    assert loose == [], f"modules to move into a feature or into drafting.web: {loose}"


def test_the_web_layer_names_no_feature_surface():
    graph = import_graph()
    reaching = [
        f"{edge.source}:{edge.line} imports {edge.target}"
        for name, imports in graph.items() if name == "drafting.web" or name.startswith("drafting.web.")
        for edge in imports
        if not edge.target.startswith("drafting.web") and edge.target.rsplit(".", 1)[-1] in FEATURE_SURFACES
    ]
    assert reaching == []


# The checks themselves, on a small package written for them: they find what
# they are for, including what hides inside a function.

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "drafting"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for folder in [root, *(p for p in root.rglob("*") if p.is_dir())]:
        (folder / "__init__.py").touch()
    return root


@pytest.mark.parametrize("files, expected", [
    ({"a/views.py": "from ..b.views import page\n", "b/views.py": "def page():\n    from ..a import views\n"},
     [["drafting.a.views", "drafting.b.views"]]),
    ({"w/operations.py": "from .table import rule\n",
      "w/table.py": "def effect():\n    from .operations import archive\n"},
     [["drafting.w.operations", "drafting.w.table"]]),
    ({"w/operations.py": "from . import table\n", "w/table.py": "import drafting.w.operations\n"},
     [["drafting.w.operations", "drafting.w.table"]]),
    ({"w/operations.py": "from .table import rule\n", "w/table.py": "from .effects import archive\n",
      "w/effects.py": "from ..audit import record\n"}, []),
    ({"a/models.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..b.models import B\n",
      "b/models.py": "from ..a.models import A\n"}, []),
    ({"a/models.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\nelse:\n"
                     "    from ..b.models import B\n",
      "b/models.py": "from ..a.models import A\n"},
     [["drafting.a.models", "drafting.b.models"]]),
])
def test_cycles_are_found_also_inside_functions(tmp_path, files, expected):
    assert cycles(import_graph(_package(tmp_path, files))) == expected


def test_views_importing_views_is_found(tmp_path):
    root = _package(tmp_path, {"a/views.py": "def page():\n    from ..b.views import panel\n",
                               "b/views.py": "", "b/panels.py": ""})
    graph = import_graph(root)
    [edge] = graph["drafting.a.views"]
    assert (edge.target, edge.in_function) == ("drafting.b.views", True)
    assert feature_of(edge.source) == "a" and feature_of(edge.target) == "b"
