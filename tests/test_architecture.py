"""The house's layout holds: stages along the data's way, no upward imports, no circles, small modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "duo_core"
#: The stages in the order data travels; a module may import its own stage and the ones before it.
STAGES = ["reading", "importing", "matching", "lifecycle", "insights", "output"]
BASE = {"schema", "headers", "findings", "dataset", "config", "geo", "formatting", "access", "addressing", "languages",
        "saved_views"}


def _modules() -> dict[str, Path]:
    return {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p
            for p in CORE.rglob("*.py")}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def _rank(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return len(STAGES) + 2  # duo_core itself: the public API over everything
    if parts[1] in STAGES:
        return STAGES.index(parts[1]) + 1
    if parts[1] in BASE:
        return 0
    return len(STAGES) + 1  # demo: writes its workbooks through output


MODULES = _modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_later_stage(module):
    later = sorted(m for m in _imports(MODULES[module]) if m in MODULES and _rank(m) > _rank(module))
    assert later == []


def test_the_module_graph_has_no_circles():
    graph = {m: {i for i in _imports(p) if i in MODULES and i != m and not m.startswith(i + ".")}
             for m, p in MODULES.items()}
    # a package's __init__ re-exporting its own modules is not a circle
    graph = {m: {i for i in deps if m != i.rsplit(".", 1)[0]} for m, deps in graph.items()}
    seen, stack, circles = set(), [], []

    def visit(m):
        if m in stack:
            circles.append(stack[stack.index(m):] + [m])
            return
        if m in seen:
            return
        seen.add(m)
        stack.append(m)
        for d in sorted(graph[m]):
            visit(d)
        stack.pop()

    for m in sorted(graph):
        visit(m)
    assert circles == []


def test_duo_core_never_imports_streamlit():
    assert sorted(m for m, p in MODULES.items() if any(i.split(".")[0] == "streamlit" for i in _imports(p))) == []


def test_every_package_says_what_it_owns():
    packages = sorted(p.parent.name for p in CORE.rglob("__init__.py"))
    assert packages == sorted(["duo_core", *STAGES])
    for init in CORE.rglob("__init__.py"):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 80, init


#: Modules allowed to be longer, and why (none today).
LONG_ON_PURPOSE: set[str] = set()


@pytest.mark.parametrize("folder", ["duo_core", "app_pages"])
def test_no_module_is_far_over_400_lines(folder):
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / folder).rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 450
            and str(p.relative_to(ROOT)) not in LONG_ON_PURPOSE}
    assert long == {}


def test_every_table_on_a_page_goes_through_the_one_table_helper():
    """``widgets.table`` shows a missing value as an empty cell; a bare ``st.dataframe`` writes the word "None"."""
    bare = sorted(str(p.relative_to(ROOT)) for p in [ROOT / "app.py", *(ROOT / "app_pages").rglob("*.py")]
                  if "st.dataframe(" in p.read_text(encoding="utf-8") and p.name != "widgets.py")
    assert bare == []
