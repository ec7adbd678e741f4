"""A portfolio: many AI-system descriptions analysed one at a time, lazily, none able to fail the others."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.analysis import Analysis
from app.systems import InvalidDescriptionError, Issue

NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines")
ARRAY_TYPES = ("application/json",)
PORTFOLIO_TYPES = ARRAY_TYPES + NDJSON_TYPES
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortfolioResult:
    """One description's outcome: its report, or why it could not be analysed (issues, or a fault of ours)."""

    index: int
    id: str | None
    report: dict[str, Any] | None = None
    issues: list[Issue] | None = None
    fault: bool = False


def _portfolio_issue(message: str) -> InvalidDescriptionError:
    return InvalidDescriptionError([Issue("body", "", "", "", "syntax", message)])


def split_portfolio(body: bytes, media_type: str) -> Iterator[str]:
    """The descriptions as JSON texts: the elements of a JSON array, or the non-blank lines of NDJSON.

    Raises InvalidDescriptionError when the portfolio as a whole cannot be read (not a JSON array); a bad
    NDJSON line is only that description's problem, found when it is analysed.
    """
    kind = media_type.split(";")[0].strip().lower()
    if kind in NDJSON_TYPES:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _portfolio_issue(f"not UTF-8: {err}") from err
        return (line for line in text.splitlines() if line.strip())
    try:
        document = json.loads(body)
    except (ValueError, RecursionError) as err:
        raise _portfolio_issue(f"not valid JSON: {err}") from err
    if not isinstance(document, list):
        raise _portfolio_issue("a portfolio is a JSON array of descriptions (or NDJSON, one per line)")
    return (json.dumps(element) for element in document)


def _declared_id(text: str) -> str | None:
    """The id a description declares, so even a failed one can be matched to its system."""
    try:
        document = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if isinstance(document, dict):
        for key in ("id", "@id"):
            if isinstance(document.get(key), str):
                return str(document[key])
    return None


def run_portfolio(
    analysis: Analysis, descriptions: Iterable[str], as_of: date | None = None
) -> Iterator[PortfolioResult]:
    """Analyse each description in turn, yielding as it goes; a failure is that description's result only."""
    for index, text in enumerate(descriptions):
        try:
            report = analysis.run(text, "application/json", as_of)
        except InvalidDescriptionError as err:
            yield PortfolioResult(index, _declared_id(text), issues=err.issues)
        except Exception:  # one system's fault must not end the stream for the rest
            log.exception("portfolio: description %d could not be analysed", index)
            yield PortfolioResult(index, _declared_id(text), fault=True)
        else:
            yield PortfolioResult(index, report["system"]["id"], report=report)
