"""The package's shape: no import cycle between claimgraph's modules, pyflakes-clean code, and no
long module without a reason written at its top."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "claimgraph"
#: a module longer than this says why at its top (a line starting "Long module:")
MAX_LINES = 600


def module_names() -> dict[str, Path]:
    """Dotted module name -> file, for every module in the package."""
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The claimgraph modules ``name`` imports anywhere in its file, inside functions too. An
    import of ``a.b`` where ``b`` is a module counts as an import of ``a.b`` only (not of the
    package ``a``, which Python runs first but which is no dependency of the importer's code)."""
    is_pkg = path.name == "__init__.py"
    package = name if is_pkg else name.rpartition(".")[0]
    found = set()

    def resolve(target: str) -> str | None:
        while target and target not in modules:
            target = target.rpartition(".")[0]
        return target or None

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            targets = [f"{stem}.{a.name}" if f"{stem}.{a.name}" in modules else stem for a in node.names]
        else:
            continue
        for t in targets:
            if t.split(".")[0] == "claimgraph":
                r = resolve(t)
                if r and r != name:
                    found.add(r)
    return found


def import_cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module in the import graph (Tarjan)."""
    modules = module_names()
    graph = {m: imports_of(m, p, modules) for m, p in modules.items()}
    index, low, stack, on, out = {}, {}, [], set(), []
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_finds_function_level_imports():
    modules = module_names()
    # attribution/crf.py imports the polnear reader inside a function only when it is training;
    # the scanner must see imports at any depth, or the cycle test below could pass vacuously
    deps = imports_of("claimgraph.analyse.pipeline", modules["claimgraph.analyse.pipeline"], modules)
    assert "claimgraph.analyse.extensions" in deps
    deps = imports_of("claimgraph.evaluate.places", modules["claimgraph.evaluate.places"], modules)
    assert "claimgraph.analyse.places.geocoder" in deps  # imported inside a function


def test_no_import_cycle_in_the_package():
    assert import_cycles() == []


def test_pyflakes_is_clean():
    run = subprocess.run([sys.executable, "-m", "pyflakes", str(PACKAGE)], capture_output=True, text=True)
    assert run.stdout + run.stderr == ""


def test_long_modules_say_why_at_their_top():
    long = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_LINES and "Long module:" not in text[:3000]:
            long.append(f"{path.relative_to(PACKAGE.parent)} ({text.count(chr(10))} lines)")
    assert long == []
