"""The gap report's response model, generated from the analysis package's dataclasses (app.analysis.report).

Pydantic reads the stdlib dataclasses directly; this root model adds only the configuration that makes their
attribute docstrings the schema's field descriptions, so the shape is written once, in the domain.
"""

from __future__ import annotations

from pydantic import ConfigDict, RootModel

from app.analysis.report import GapReport


class GapReportSchema(RootModel[GapReport]):
    """The OpenAPI model of a gap report's JSON: app.analysis.report.GapReport, field for field."""

    model_config = ConfigDict(use_attribute_docstrings=True)
