"""The layout's rules, checked by walking every import of the project's code.

The tree says who each wing serves (README, "Layout"); these tests keep the imports
honest about it: no circles between files or between wings, the models at the bottom,
the linker's engine free of the database, the reader pages independent of the desk and
of the open data, and the benchmarks out of the site.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

from tests.helpers import REPO_ROOT

PACKAGES = ("sources", "timeline", "newsroom")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _project_files() -> dict[str, Path]:
    files = {}
    for package in PACKAGES:
        for path in (REPO_ROOT / package).rglob("*.py"):
            if "migrations" not in path.parts:
                files[_module_name(path)] = path
    return files


FILES = _project_files()


def _resolve(name: str) -> str | None:
    """The project module ``name`` refers to (a module, or a name inside one)."""
    while name:
        if name in FILES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    """Every project module that ``module`` imports, at any depth of its code."""
    path = FILES[module]
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # "from package import module" imports the module; any other name is the base's.
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in FILES else base
                for alias in node.names
            ]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target and target != module:
                found.add(target)
    return found


GRAPH = {module: _imports(module) for module in FILES}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _importers(target_prefix: str) -> dict[str, set[str]]:
    return {
        module: {t for t in targets if t == target_prefix or t.startswith(target_prefix + ".")}
        for module, targets in GRAPH.items()
        if any(t == target_prefix or t.startswith(target_prefix + ".") for t in targets)
    }


def test_the_walk_sees_the_whole_project():
    assert "sources.models" in FILES and "timeline.models" in FILES
    assert "sources.models" in GRAPH["sources.linking.reconcile"]


def test_no_import_circle_between_files():
    assert _cycle(GRAPH) is None


def _unit(module: str) -> str:
    """The layer a module belongs to: a wing of sources (``sources.pages``), a ground-floor
    file of sources (``sources.models``), timeline's models and filters, or an app."""
    parts = module.split(".")
    if parts[0] == "sources" and len(parts) > 1:
        return f"sources.{parts[1]}"
    if module in ("timeline.models", "timeline.filters"):
        return module
    return parts[0]


def test_no_import_circle_between_wings():
    """Collapsed to wings, the import graph has no circle.

    Timeline's models point at Source and Claim, so they sit above sources' ground floor;
    the rest of timeline (views, admin, charts) reads the pages and the desk, and the open
    data and the desk's restore read timeline's models. Timeline's models and filters are
    therefore a layer of their own, below the rest of timeline.
    """
    units: dict[str, set[str]] = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            if _unit(target) != _unit(module):
                units[_unit(module)].add(_unit(target))
    assert _cycle(units) is None


def test_models_import_nothing_of_the_project():
    for module, targets in GRAPH.items():
        if module == "sources.models" or module.startswith("sources.models."):
            assert {t for t in targets if not t.startswith("sources.models")} == set(), module
    assert GRAPH["timeline.models"] <= {"sources.models"}


@pytest.mark.parametrize(
    "module", ["sources.linking.engine", "sources.linking.sentences", "sources.linking.stance"]
)
def test_the_linker_engine_touches_no_database(module):
    tree = ast.parse(FILES[module].read_text())
    imported = {
        node.module or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    } | {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not {name for name in imported if name.startswith(("django.db", "sources.models"))}


def test_pages_import_neither_the_desk_nor_the_open_data():
    for module, targets in GRAPH.items():
        if module.startswith("sources.pages"):
            assert not {t for t in targets if t.startswith(("sources.admin", "sources.opendata"))}


def test_the_desk_services_do_not_import_the_admin():
    for module, targets in GRAPH.items():
        if module.startswith("sources.editorial"):
            assert not {t for t in targets if t.startswith("sources.admin")}


def test_machines_and_readers_do_not_import_timeline():
    lower = ("sources.ingest", "sources.linking", "sources.pages", "sources.filters")
    lower += ("sources.highlight", "sources.models")
    for module, targets in GRAPH.items():
        if module.startswith(lower):
            assert not {t for t in targets if t.startswith("timeline")}, module


def test_only_commands_import_the_benchmarks():
    for module in _importers("sources.bench"):
        assert module.startswith(("sources.bench", "sources.management.commands")), module
