"""The install carries what claimgraph imports: every third-party module imported anywhere in
the package is a declared dependency (runtime, or an optional extra for the optional parts)."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib

from conftest import REPO

OPTIONAL = {"ray"}          # imported only by the ray engine, declared in the [ray] extra


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!\[;~]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_imported_package_is_declared():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    declared = {_name(r) for r in project["dependencies"]}
    extras = {_name(r) for reqs in project["optional-dependencies"].values() for r in reqs}
    modules = set()
    for f in (REPO / "claimgraph").rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= set(sys.stdlib_module_names) | {"claimgraph"}
    owners = md.packages_distributions()
    undeclared = []
    for m in sorted(modules):
        dists = {d.lower().replace("_", "-") for d in owners.get(m, [m])}
        pool = declared | (extras if m in OPTIONAL else set())
        if not dists & pool:
            undeclared.append(f"{m} ({', '.join(sorted(dists))})")
    assert not undeclared, "imported but not declared in pyproject.toml: " + "; ".join(undeclared)
