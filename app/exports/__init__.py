"""Exports of the crosswalk: a registry of writers by format name, shared by the CLI and the HTTP service.

Each writer takes an ``ExportRequest`` and returns the document as text. The domain functions behind them
(``write_sssom``, ``write_csv``, ``write_oscal``, ``write_rdf``) take the rows of ``mapping_rows`` (or the
store) directly, so the API can call them on the same query. Heavy imports stay inside the writers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pyoxigraph

from app.exports.rows import MappingRow, mapping_rows


@dataclass
class ExportRequest:
    """What to export: the store, where the named queries live, and the selection."""

    store: pyoxigraph.Store
    root: Path
    from_regime: str | None = None
    to_regime: str | None = None
    include_derived: bool = True

    @property
    def selected(self) -> bool:
        """Whether a regime selection narrows the export."""
        return bool(self.from_regime or self.to_regime)

    @cached_property
    def rows(self) -> list[MappingRow]:
        """The selected mappings, from queries/export-mappings.rq, run once per request."""
        return mapping_rows(self.store, self.root, self.from_regime, self.to_regime, self.include_derived)


Writer = Callable[[ExportRequest], str]


def _sssom(request: ExportRequest) -> str:
    """SSSOM/TSV with its metadata block."""
    from app.exports.sssom import write_sssom

    return write_sssom(request.rows, request.from_regime, request.to_regime)


def _csv(request: ExportRequest) -> str:
    """CSV for spreadsheets."""
    from app.exports.spreadsheet import write_csv

    return write_csv(request.rows)


def _oscal(request: ExportRequest) -> str:
    """OSCAL 1.2 mapping-collection JSON."""
    from app.exports.oscal import write_oscal

    scope = " and ".join(k for k in (request.from_regime, request.to_regime) if k) or "all regimes"
    selection = f"{request.from_regime or 'all'}--{request.to_regime or 'all'}"
    return write_oscal(request.rows, title=f"ai-crosswalk mappings ({scope})", scope=selection)


def _oscal_catalog(request: ExportRequest) -> str:
    """OSCAL 1.2 catalog JSON of the regime chosen with --from."""
    from app.exports.oscal_catalog import write_catalog

    if not request.from_regime or request.to_regime:
        raise ValueError("an OSCAL catalog is one regime's: choose it with --from alone")
    return write_catalog(request.store, request.root, request.from_regime)


def _ciso_framework(request: ExportRequest) -> str:
    """CISO Assistant framework library (YAML) of the regime chosen with --from."""
    from app.exports.ciso import dump, framework_library

    if not request.from_regime or request.to_regime:
        raise ValueError("a CISO Assistant framework library is one regime's: choose it with --from alone")
    return dump(framework_library(request.store, request.root, request.from_regime))


def _ciso_mapping(request: ExportRequest) -> str:
    """CISO Assistant requirement mapping set library (YAML) from the --from regime to the --to regime."""
    from app.exports.ciso import dump, mapping_library

    if not request.from_regime or not request.to_regime:
        raise ValueError("a CISO Assistant mapping library is between two regimes: give --from and --to")
    return dump(mapping_library(request.rows, request.from_regime, request.to_regime))


def _olir(request: ExportRequest) -> str:
    """NIST OLIR (IR 8278A set theory relationship mapping, JSON) of the --from regime against the AI RMF."""
    from app.exports.olir import FOCAL, write_olir

    if not request.from_regime or request.to_regime not in (None, FOCAL):
        raise ValueError(f"an OLIR maps one regime (--from) to the NIST AI RMF ({FOCAL}), the Focal Document")
    return write_olir(request.store, request.root, request.from_regime)


def _rdf(fmt: str) -> Writer:
    """An RDF writer: the whole graph, or the selected mappings' triples when regimes are chosen."""

    def write(request: ExportRequest) -> str:
        from app.exports.rdf import write_rdf

        if not request.selected:
            return write_rdf(request.store, fmt, include_derived=request.include_derived)
        return write_rdf(request.store, fmt, request.rows)

    write.__doc__ = f"{fmt} serialisation of the graph or the selection."
    return write


WRITERS: dict[str, Writer] = {
    "sssom": _sssom,
    "csv": _csv,
    "oscal": _oscal,
    "oscal-catalog": _oscal_catalog,
    "ciso-framework": _ciso_framework,
    "ciso-mapping": _ciso_mapping,
    "olir": _olir,
    "turtle": _rdf("turtle"),
    "ntriples": _rdf("ntriples"),
    "jsonld": _rdf("jsonld"),
}
MEDIA_TYPES = {
    "sssom": "text/tab-separated-values; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "oscal": "application/json",
    "oscal-catalog": "application/json",
    "ciso-framework": "application/yaml",
    "ciso-mapping": "application/yaml",
    "olir": "application/json",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
}


def export(fmt: str, request: ExportRequest) -> str:
    """Write the selection in one registered format, refusing unknown names."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(WRITERS)}") from None
    return writer(request)
