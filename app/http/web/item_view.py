"""The page a browser gets for one of our IRIs: reference, text, source, licence, counterparts by regime."""

from __future__ import annotations

import contextlib
import re
from collections import defaultdict
from datetime import date
from typing import Any

import pyoxigraph
from fastapi import Request
from fastapi.responses import HTMLResponse

from app.core import identifiers
from app.crosswalk import catalogue
from app.crosswalk.catalogue import Catalogue, UnknownIdError
from app.crosswalk.versions import iso_date, provision_as_of
from app.http.web import local_href, page

PREFIXES = {
    "cw": identifiers.CW,
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SKOS, DCTERMS, CW = PREFIXES["skos"], PREFIXES["dcterms"], PREFIXES["cw"]
NUMBERED = re.compile(r"(?:^|(?<=\s))(\d{1,3})\. (?=[A-Z(])")
KIND_LABELS = {"provision": "item", "regime": "regime", "resource": "resource"}


def item_response(
    request: Request, cat: Catalogue, iri: str, triples: list[pyoxigraph.Triple], headers: dict[str, str]
) -> HTMLResponse:
    """Render the page for ``iri`` from its triples (and, for an item, its mappings)."""
    context = item_context(cat, iri, triples, request.url.path)
    analysis = getattr(request.app.state, "analysis", None)
    if analysis is not None and context["kind"] == "provision" and context["regime_key"]:
        index = analysis.index
        context["in_time"] = provision_as_of(
            index.timeline, iri, list(index.ancestors(iri)), context["regime_key"], _as_of(request)
        )
    return page(request, "item.html", headers=headers, **context)


def _as_of(request: Request) -> date:
    """The page's ?as_of=YYYY-MM-DD, or today (a malformed date is today: a page is read, not parsed)."""
    try:
        return iso_date(request.query_params.get("as_of", ""))
    except ValueError:
        return date.today()


def item_context(cat: Catalogue, iri: str, triples: list[pyoxigraph.Triple], path: str) -> dict[str, Any]:
    """What item.html shows, from the resource's own triples and, for a provision, its mappings."""
    own = [t for t in triples if t.subject == pyoxigraph.NamedNode(iri)]
    first = _first_values(own)
    kind = cat.known.get(iri, "resource")
    titles = {r["key"]: r["title"] for r in catalogue.regimes(cat)}
    record: dict[str, Any] = {}
    if kind == "provision":
        with contextlib.suppress(UnknownIdError):
            record = catalogue.provision(cat, iri)
    regime = first.get(SKOS + "inScheme")
    regime_key = cat.short_id(regime) if regime and regime.startswith(cat.base_iri) else ""
    if kind == "regime":
        regime_key = cat.short_id(iri)
    licence = first.get(DCTERMS + "license", "")
    return {
        "iri": iri,
        "short": cat.short_id(iri),
        "kind": kind,
        "kind_label": KIND_LABELS.get(kind, kind),
        "self_path": path,
        "notation": first.get(SKOS + "notation", ""),
        "label": first.get(SKOS + "prefLabel")
        or first.get(DCTERMS + "title")
        or first.get(PREFIXES["rdfs"] + "label")
        or "",
        "text": text_parts(first.get(SKOS + "definition") or first.get(DCTERMS + "description") or ""),
        "regime": regime or "",
        "regime_key": regime_key,
        "regime_title": titles.get(regime_key, ""),
        "broader": record.get("broader"),
        "source": first.get(DCTERMS + "source", ""),
        "source_title": record.get("source_title") or "",
        "licence": licence,
        "licence_label": licence.rsplit("/", 1)[-1] if licence else "",
        "in_time": None,
        "note": first.get(CW + "verificationNote", ""),
        "groups": counterpart_groups(record.get("mappings") or {}, titles),
        "statements": [
            (curie(t.predicate.value), _term(t.object, cat.base_iri))
            for t in sorted(own, key=lambda t: (t.predicate.value, str(t.object)))
        ],
    }


def counterpart_groups(
    mappings: dict[str, list[dict[str, Any]]], titles: dict[str, str]
) -> list[dict[str, Any]]:
    """Mappings out and in, one group per counterpart regime; asserted first, then by confidence."""
    by_regime: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for direction in ("out", "in"):
        for m in mappings.get(direction, []):
            if m["relationship"] != "notRelated":
                by_regime[m["counterpart"]["regime"] or ""].append(m)
    return [
        {
            "regime": key,
            "title": titles.get(key, key),
            "rows": sorted(
                rows, key=lambda m: (m["derived"], -(m["confidence"] or 0), m["counterpart"]["id"])
            ),
        }
        for key, rows in sorted(by_regime.items())
    ]


def paragraphs(text: str) -> list[str]:
    """Split an official text at its numbered paragraphs ("1. …", "2. …", in sequence) for reading."""
    cuts, expected = [], 1
    for match in NUMBERED.finditer(text):
        if int(match.group(1)) == expected:
            cuts.append(match.start(1))
            expected += 1
    if len(cuts) < 2:
        return [text] if text else []
    cuts = [0, *cuts[1:]] if text[: cuts[0]].strip() == "" else [0, *cuts]
    return [text[a:b].strip() for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True)]


def text_parts(text: str, shown: int = 600) -> dict[str, list[str]]:
    """The paragraphs shown at once (about ``shown`` characters, at least one) and the rest (a toggle)."""
    parts = paragraphs(text)
    total, cut = 0, len(parts)
    for n, part in enumerate(parts):
        total += len(part)
        if total > shown and n > 0:
            cut = n
            break
    return {"shown": parts[:cut], "more": parts[cut:]}


def curie(iri: str) -> str:
    """``skos:prefLabel`` for a known namespace, the IRI otherwise."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri.removeprefix(namespace)}"
    return iri


def _first_values(triples: list[pyoxigraph.Triple]) -> dict[str, str]:
    """First value per predicate, English (or untagged) literals preferred."""
    out: dict[str, str] = {}
    for t in sorted(triples, key=lambda t: 0 if getattr(t.object, "language", None) in (None, "en") else 1):
        if isinstance(t.object, pyoxigraph.NamedNode | pyoxigraph.Literal):
            out.setdefault(t.predicate.value, t.object.value)
    return out


def _term(term: Any, base_iri: str) -> dict[str, str]:
    if isinstance(term, pyoxigraph.NamedNode):
        href = local_href(term.value, base_iri)
        return {"href": href, "text": curie(term.value) if href == term.value else href.removeprefix("/id/")}
    text = term.value if isinstance(term, pyoxigraph.Literal) else str(term)
    if isinstance(term, pyoxigraph.Literal) and term.language:
        text += f" @{term.language}"
    return {"href": "", "text": text}
