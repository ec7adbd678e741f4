"""A portfolio: many AI-system descriptions analysed lazily, none able to fail the others (on every core:
portfolio_pool)."""

from __future__ import annotations

import json
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from app.analysis.description_model import InvalidDescriptionError, Issue
from app.analysis.report import GapReport
from app.analysis.service import Analysis
from app.core.errors import ProblemError

NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines")
ARRAY_TYPES = ("application/json",)
PORTFOLIO_TYPES = ARRAY_TYPES + NDJSON_TYPES
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortfolioResult:
    """One description's outcome: its report, or why it could not be analysed (issues, a limit, our fault)."""

    index: int
    id: str | None
    report: GapReport | None = None
    issues: list[Issue] | None = None
    problem: ProblemError | None = None
    fault: bool = False


def _portfolio_issue(message: str) -> InvalidDescriptionError:
    return InvalidDescriptionError([Issue("body", "", "", "", "syntax", message)])


def split_portfolio(body: bytes, media_type: str) -> Iterator[str]:
    """The descriptions as JSON texts: the elements of a JSON array, or the non-blank lines of NDJSON.

    Raises InvalidDescriptionError when the portfolio as a whole cannot be read (not a JSON array); a bad
    NDJSON line is only that description's problem, found when it is analysed. An array is read one element at
    a time, twice (checked whole first, then handed out lazily as the slices of the text that hold them):
    ``json.loads`` of the whole array made Python objects of all of it at once (a 64 MiB portfolio of ``{}``
    took 1.8 GB per request); this holds the text and one element.
    """
    kind = media_type.split(";")[0].strip().lower()
    if kind in NDJSON_TYPES:
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as err:
            raise _portfolio_issue(f"not UTF-8: {err}") from err
        return (line for line in text.splitlines() if line.strip())
    try:
        text = body.decode(json.detect_encoding(body), "surrogatepass")
    except UnicodeDecodeError as err:
        raise _portfolio_issue(f"not valid JSON: {err}") from err
    deque(_array_elements(text), maxlen=0)  # the whole array checked before the first analysis
    return _array_elements(text)


WHITESPACE = re.compile(r"[ \t\n\r]*")
DECODER = json.JSONDecoder()


def _array_elements(text: str) -> Iterator[str]:
    """The text of each element of the JSON array ``text``, in order, parsing one element at a time;
    InvalidDescriptionError if ``text`` is not one JSON array."""
    not_array = "a portfolio is a JSON array of descriptions (or NDJSON, one per line)"
    at = WHITESPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text.startswith("\ufeff", at):
        raise _portfolio_issue("not valid JSON: a byte order mark")
    if not text.startswith("[", at):
        try:
            json.loads(text)
        except (ValueError, RecursionError) as err:
            raise _portfolio_issue(f"not valid JSON: {err}") from err
        raise _portfolio_issue(not_array)
    at = WHITESPACE.match(text, at + 1).end()  # type: ignore[union-attr]
    closed = text.startswith("]", at)
    if closed:
        at += 1
    while not closed:
        try:
            _, end = DECODER.raw_decode(text, at)
        except (ValueError, RecursionError) as err:
            raise _portfolio_issue(f"not valid JSON: {err}") from err
        yield text[at:end]
        at = WHITESPACE.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", at):
            at = WHITESPACE.match(text, at + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", at):
            closed, at = True, at + 1
        else:
            raise _portfolio_issue(f"not valid JSON: expected ',' or ']' at character {at}")
    if WHITESPACE.match(text, at).end() != len(text):  # type: ignore[union-attr]
        raise _portfolio_issue(f"not valid JSON: extra data at character {at}")


def declared_id(text: str) -> str | None:
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
    analysis: Analysis,
    descriptions: Iterable[str],
    as_of: date | None = None,
    start: int = 0,
    *,
    max_triples: int,
) -> Iterator[PortfolioResult]:
    """Analyse each description in turn, yielding as it goes; a failure is that description's result only.

    ``start``: the index of the first description (a chunk of a larger portfolio)."""
    for index, text in enumerate(descriptions, start):
        try:
            report = analysis.run(text, "application/json", as_of, max_triples=max_triples)
        except InvalidDescriptionError as err:
            yield PortfolioResult(index, declared_id(text), issues=err.issues)
        except ProblemError as err:  # past max_triples: the 413 a single description gets
            yield PortfolioResult(index, declared_id(text), problem=err)
        except Exception:  # one system's fault must not end the stream for the rest
            log.exception("portfolio: description %d could not be analysed", index)
            yield PortfolioResult(index, declared_id(text), fault=True)
        else:
            yield PortfolioResult(index, report.system.id, report=report)
