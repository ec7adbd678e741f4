"""An alternative validator measured beside pyshacl and the compiled checks: pyrudof (Rust, PyPI) running shapes/system.ttl.

The support graph (the class of every vocabulary code and provision, app's queries/validation-support.rq) is
loaded into one pyrudof session once; each description is added inside a staging frame, validated, and
rolled back, so the support graph is never reloaded (~80 ms) per description. Same inputs and shapes as
app.analysis.descriptions.Validator; ``compare`` checks both agree on valid and invalid descriptions.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pyrudof
from rdflib.namespace import RDF

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_model import read_system
from app.analysis.descriptions import parse_description
from app.analysis.validation import Validator


class RudofValidator:
    def __init__(self, root: Path, validator: Validator) -> None:
        self.rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        support = "".join(f"<{t}> <{RDF.type}> <{c}> .\n" for t, cs in validator.types.items() for c in cs)
        self.rudof.read_data(support, format=pyrudof.RDFFormat.NTriples)
        self.rudof.read_shacl(str(root / "shapes" / "system.ttl"))

    def violations(self, graph: DescriptionGraph) -> list[tuple[str, str]]:
        """(constraint component, path) of every violation; empty when the description conforms."""
        r = self.rudof
        r.begin_staging()
        try:
            r.add_triples([(s.n3(), p.n3(), o.n3()) for s, p, o in graph])
            report = r.validate_shacl()
            if report.conforms:
                return []
            return sorted((_local(e.constraint_component), str(e.path or "")) for e in report.violations)
        finally:
            r.rollback_staging()


def _local(text: Any) -> str:
    return str(text).rsplit("#", 1)[-1].rsplit(":", 1)[-1].removesuffix("ConstraintComponent")


class RudofAnalysis:
    """Analysis.run with pyrudof in place of pyshacl: parse, validate, read, analyse."""

    def __init__(self, root: Path, analysis: Any) -> None:
        from app.analysis.gaps import analyse

        self.analysis, self.analyse = analysis, analyse
        self.validator = RudofValidator(root, analysis.validator)

    def run(self, body: bytes | str | dict[str, Any]) -> dict[str, Any]:
        graph = parse_description(body)
        if self.validator.violations(graph):
            raise ValueError("invalid description")
        return self.analyse(self.analysis.index, read_system(graph))  # type: ignore[no-any-return]


def mutations(base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Invalid variants of a valid description, one per kind of constraint in shapes/system.ttl."""
    cases: dict[str, Any] = {
        "sh:or (no purpose, no capability)": lambda d: d.update(purposes=[], capabilities=[]),
        "sh:class purpose (unknown code)": lambda d: d.update(purposes=["nope"]),
        "sh:class purpose (a role's code)": lambda d: d.update(purposes=["provider"]),
        "sh:class role": lambda d: d.update(roles=["nope"]),
        "sh:minCount role": lambda d: d.update(roles=[]),
        "sh:minCount market": lambda d: d.update(markets=[]),
        "sh:class market": lambda d: d.update(markets=["XX"]),
        "sh:class sector": lambda d: d.update(sectors=["nope"]),
        "sh:class capability": lambda d: d.update(capabilities=["nope"]),
        "sh:class lifecycle stage": lambda d: d.update(lifecycle_stage="nope"),
        "sh:in measure status": lambda d: d["measures"][0].update(status="done"),
        "sh:minCount measure status": lambda d: d["measures"][0].pop("status"),
        "sh:class addresses (unknown provision)": lambda d: d["measures"][0].update(
            addresses=["eu-ai-act:Article-999"]
        ),
        "sh:minCount addresses": lambda d: d["measures"][0].update(addresses=[]),
        "sh:datatype name": lambda d: d.update(name=5),
        "sh:maxCount name": lambda d: d.update(name=["a", "b"]),
        "sh:nodeKind id (blank system)": lambda d: d.pop("id"),
    }
    out = {}
    for name, change in cases.items():
        d = copy.deepcopy(base)
        change(d)
        out[name] = d
    return out


def compare(root: Path, analysis: Any, valid: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Run both validators on valid descriptions and on every mutation; one row per case."""
    rudof = RudofValidator(root, analysis.validator)
    base = next(d for d in valid if d.get("measures"))
    rows = []
    cases = [(f"valid: {d['id']}", d) for d in valid] + list(mutations(base).items())
    for name, doc in cases:
        graph = parse_description(json.dumps(doc))
        py = sorted((i.constraint, i.path) for i in analysis.validator.pyshacl_issues(graph))
        ru = rudof.violations(graph)
        rows.append({"case": name, "pyshacl": py, "pyrudof": ru, "agree": py == ru})
    return rows
