"""The shipped analysis with its reference parts put back: rdflib's JSON-LD processor and pyshacl.

This was the shipped path until the direct JSON reader and the compiled SHACL checks replaced them; it is
measured beside them so the gain is a ratio from the same run, and its results must be the same.
"""

from __future__ import annotations

import json
from datetime import date

import rdflib

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_model import read_system
from app.analysis.descriptions import with_local_context
from app.analysis.gaps import analyse
from app.analysis.report import GapReport
from app.analysis.service import Analysis


class ReferenceAnalysis:
    """Analysis.run through the JSON-LD processor and pyshacl."""

    def __init__(self, analysis: Analysis) -> None:
        self.analysis = analysis

    def graph(self, body: str) -> DescriptionGraph:
        document = with_local_context(json.loads(body))
        return DescriptionGraph(rdflib.Graph().parse(data=json.dumps(document), format="json-ld"))

    def run(self, body: str, as_of: date | None = None) -> GapReport:
        graph = self.graph(body)
        if self.analysis.validator.pyshacl_issues(graph):
            raise ValueError("invalid description")
        return analyse(self.analysis.index, read_system(graph), as_of)
