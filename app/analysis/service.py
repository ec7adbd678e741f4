"""The gap-analysis service object: validates and analyses a description for the API, the CLI and pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyoxigraph

from app.analysis.description_graph import DescriptionGraph
from app.analysis.description_model import Issue, SystemDescription
from app.analysis.descriptions import parse_description
from app.analysis.gap_index import GapIndex
from app.analysis.gaps import analyse
from app.analysis.limits import check_description_size
from app.analysis.report import GapReport
from app.analysis.validation import Validator
from app.graph.queries import SelectSource


@dataclass(frozen=True)
class Analysis:
    """Everything one analysis needs, built once from the graph and then only read."""

    index: GapIndex
    validator: Validator

    @classmethod
    def build(cls, store: pyoxigraph.Store | SelectSource, root: Path) -> Analysis:
        """Index rules, provisions and mappings, and load the description shapes, from the graph."""
        return cls(GapIndex.build(store, root), Validator(root, store))

    def parse(
        self, body: bytes | str | dict[str, Any], media_type: str = "application/json", *, max_triples: int
    ) -> DescriptionGraph:
        """A description as RDF, refused (413) past ``max_triples`` before a parser sees it: every way in."""
        check_description_size(body, media_type, max_triples)
        return parse_description(body, media_type)

    def read(
        self, body: bytes | str | dict[str, Any], media_type: str = "application/json", *, max_triples: int
    ) -> SystemDescription:
        """Parse and validate a description; raises InvalidDescriptionError with the SHACL report."""
        return self.validator.check(self.parse(body, media_type, max_triples=max_triples))

    def validate(
        self, body: bytes | str | dict[str, Any], media_type: str = "application/json", *, max_triples: int
    ) -> list[Issue]:
        """The SHACL report of a readable description (empty when it conforms): a validation service's answer.

        A body that cannot be read as its media type raises InvalidDescriptionError instead.
        """
        return self.validator.issues(self.parse(body, media_type, max_triples=max_triples))

    def run(
        self,
        body: bytes | str | dict[str, Any],
        media_type: str = "application/json",
        as_of: date | None = None,
        *,
        max_triples: int,
    ) -> GapReport:
        """Validate a description and return its full gap report."""
        return analyse(self.index, self.read(body, media_type, max_triples=max_triples), as_of)
