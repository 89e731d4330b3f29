"""Clean boundaries, read from the source with ``ast``: no import cycle between the project's
modules (imports inside functions included, where cycles hide), ``creators`` never imports a
view or a form of ``estimator``, and ``estimator`` never imports ``creators``."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "creators", "estimator")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Module → the project modules it imports, anywhere in its body. Migrations are left out:
    they must import no project code at all (tests/estimator/test_default_card.py)."""
    files = {
        module_name(path, root): path
        for package in packages
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {name: set() for name in files}
    for name, path in files.items():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # `from estimator import calculations` imports the module estimator.calculations.
                targets = [
                    f"{node.module}.{alias.name}"
                    if f"{node.module}.{alias.name}" in files
                    else node.module
                    for alias in node.names
                ]
            else:
                continue
            graph[name].update(target for target in targets if target in files)
        graph[name].discard(name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a list of modules (first == last), or None."""
    visiting: list[str] = []
    done: set[str] = set()

    def visit(module: str) -> list[str] | None:
        if module in visiting:
            return [*visiting[visiting.index(module) :], module]
        if module in done:
            return None
        visiting.append(module)
        for target in sorted(graph[module]):
            cycle = visit(target)
            if cycle:
                return cycle
        visiting.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(ROOT, PACKAGES)


def test_the_graph_sees_the_imports_it_should(graph):
    # Guards the reader itself: a graph that missed imports would pass every rule below.
    assert "estimator.calculations" in graph["estimator.models"]
    assert "estimator.models" in graph["estimator.snapshot"]
    assert "creators.models" in graph["creators.views"]


def test_there_is_no_import_cycle(graph):
    assert find_cycle(graph) is None


def test_creators_imports_no_view_and_no_form_of_the_estimator(graph):
    edges = [
        (module, target)
        for module, targets in graph.items()
        if module.startswith("creators")
        for target in targets
        if target in {"estimator.views", "estimator.forms"}
    ]
    assert edges == []


def test_the_estimator_never_imports_creators(graph):
    edges = [
        (module, target)
        for module, targets in graph.items()
        if module.startswith("estimator")
        for target in targets
        if target.startswith("creators")
    ]
    assert edges == []


def test_a_cycle_hidden_in_a_function_is_found(tmp_path):
    package = tmp_path / "app"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("def activate():\n    from app.snapshot import build\n")
    (package / "snapshot.py").write_text("from app import models\n")

    cycle = find_cycle(import_graph(tmp_path, ("app",)))

    assert cycle is not None
    assert set(cycle) == {"app.models", "app.snapshot"}
