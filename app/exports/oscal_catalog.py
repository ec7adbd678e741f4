"""A regime as an OSCAL 1.2 catalog (JSON): its provisions as controls, nested as the regime nests them.

Names follow NIST's oscal_catalog_metaschema.xml and oscal_metadata_metaschema.xml (OSCAL 1.2): each provision
is a ``control`` whose ``title`` is its short label, whose ``statement`` part holds its full text and whose
``props`` give its notation (``label``), its order (``sort-id``), its level and the dates it applies from
(ai-crosswalk props, ``ns`` the ontology); ``links`` point at the provision's IRI and its publication. Every
uuid is a version-5 uuid of an IRI, so exporting the same graph twice gives the same document.
"""

from __future__ import annotations

import datetime
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph

from app.exports.vocab import CW, ID
from app.graph.queries import SelectSource, Term, load_query, run_select, term_text

OSCAL_VERSION = "1.2.1"
UUID_NS = uuid.UUID("6f1e5c8e-4a8b-5d0e-9c55-1b7f3a1d2c40")  # the same namespace as the mapping export
CW_NS = CW.removesuffix("#")  # OSCAL prop ns: a URI naming the namespace of ai-crosswalk's own props
_TOKEN_START = re.compile(r"[^\W\d]|_")
_NOT_TOKEN = re.compile(r"[^\w.\-]")


def oscal_uuid(name: str) -> str:
    """A version-5 uuid of an IRI (or IRI-like name): stable across exports, as OSCAL asks of such uuids."""
    return str(uuid.uuid5(UUID_NS, name))


def control_id(iri: str) -> str:
    """The OSCAL control id of a provision: its slug after the regime key as a token (``_1-1`` for ``1-1``).

    The mapping export's id-refs use the same function, so every map source and target names a control.
    """
    rest = iri.removeprefix(ID).partition("/")[2] or iri
    token = _NOT_TOKEN.sub("_", rest)
    return token if _TOKEN_START.match(token) else f"_{token}"


def catalog_resource_uuid(key: str) -> str:
    """The uuid of the back-matter resource that points to a regime's catalog (not the catalog's own uuid)."""
    return oscal_uuid(f"{ID}{key}#oscal-catalog")


def catalog_file(key: str) -> str:
    """The file name a regime's catalog is written under, which the mapping export's back-matter links to."""
    return f"{key}.oscal-catalog.json"


def _single(value: str) -> str:
    """A value on one line without outer spaces: what OSCAL's string type allows."""
    return " ".join(value.split())


def _stamp(day: str) -> str:
    """A date (``2024-06-13``) as an OSCAL date-time with time zone."""
    return f"{day[:10]}T00:00:00Z" if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", day) else ""


def _regime(store: pyoxigraph.Store | SelectSource, root: Path, key: str) -> dict[str, str]:
    """The regime's row of queries/regimes.rq (title, version, issue date, source, licence, publisher)."""
    _, solutions = run_select(store, load_query("regimes", root), {})
    for solution in solutions:
        if term_text(solution.get("key")) == key:
            return {name: term_text(solution.get(name)) for name in solution}
    raise ValueError(f"unknown regime {key!r}: no regime of the graph has that key")


def regime_provisions(
    store: pyoxigraph.Store | SelectSource, root: Path, key: str
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """A regime's row of queries/regimes.rq and its provisions (queries/export-catalog.rq), as text."""
    regime = _regime(store, root, key)
    bindings: dict[str, Term] = {"regime": pyoxigraph.NamedNode(regime["regime"])}
    _, solutions = run_select(store, load_query("export-catalog", root), bindings)
    rows = [{name: term_text(s.get(name)) for name in s} for s in solutions]
    if not rows:
        raise ValueError(f"the regime {key!r} has no provisions to export")
    return regime, rows


def _dates(store: pyoxigraph.Store | SelectSource, root: Path) -> dict[str, list[dict[str, str]]]:
    """Application dates by provision, from queries/application-dates.rq."""
    _, solutions = run_select(store, load_query("application-dates", root), {})
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    for s in solutions:
        out[term_text(s.get("provision"))].append(
            {k: term_text(s.get(k)) for k in ("date", "case", "basis", "version", "until")}
        )
    return out


def _props(row: Mapping[str, str], dates: list[dict[str, str]]) -> list[dict[str, str]]:
    """Notation, order, level and application dates as OSCAL props."""
    props = [{"name": "label", "value": _single(row["notation"])}]
    if row.get("position"):
        props.append({"name": "sort-id", "value": f"{int(row['position']):05d}"})
    if row.get("level"):
        props.append({"name": "level", "ns": CW_NS, "value": _single(row["level"])})
    for d in sorted(dates, key=lambda d: (d["date"], d["case"], d["basis"])):
        prop = {"name": "applies-from", "ns": CW_NS, "value": d["date"], "remarks": d["basis"]}
        if d["case"]:
            prop["class"] = _NOT_TOKEN.sub("_", d["case"].rsplit("/", 1)[-1])
            prop["remarks"] += f" (case: {d['case']})"
        if d["until"]:
            prop["remarks"] += f"; cut-off {d['until']}"
        props.append(prop)
    return props


def _control(row: Mapping[str, str], dates: list[dict[str, str]]) -> dict[str, Any]:
    """One provision as an OSCAL control (children are added by the caller)."""
    cid = control_id(row["item"])
    control: dict[str, Any] = {
        "id": cid,
        "class": _NOT_TOKEN.sub("_", row["level"]) if row.get("level") else "provision",
        "title": _single(row.get("label") or row["notation"]),
        "props": _props(row, dates),
        "links": [{"href": row["item"], "rel": "canonical"}],
    }
    if row.get("source"):
        control["links"].append({"href": row["source"], "rel": "reference"})
    parts = []
    if row.get("text"):
        parts.append({"id": f"{cid}_smt", "name": "statement", "prose": row["text"]})
    if row.get("scopeNote"):
        parts.append({"id": f"{cid}_gdn", "name": "guidance", "prose": row["scopeNote"]})
    if parts:
        control["parts"] = parts
    return control


def catalog_document(
    store: pyoxigraph.Store | SelectSource, root: Path, key: str, now: datetime.datetime | None = None
) -> dict[str, Any]:
    """The OSCAL catalog of one regime as a JSON-ready dict."""
    regime, rows = regime_provisions(store, root, key)
    dates = _dates(store, root)
    controls = {row["item"]: _control(row, dates.get(row["item"], [])) for row in rows}
    ids = [c["id"] for c in controls.values()]
    if len(set(ids)) != len(ids):
        raise ValueError(f"two provisions of {key!r} share an OSCAL control id")
    top: list[dict[str, Any]] = []
    for row in rows:
        parent = controls.get(row.get("parent") or "")
        (parent.setdefault("controls", []) if parent else top).append(controls[row["item"]])
    modified = (now.replace(microsecond=0).isoformat() if now else "") or _stamp(regime["issued"])
    metadata: dict[str, Any] = {
        "title": regime["title"],
        "last-modified": modified,
        "version": _single(regime["version"]),
        "oscal-version": OSCAL_VERSION,
        "links": [
            {"href": regime["regime"], "rel": "canonical"},
            {"href": regime["source"], "rel": "reference"},
        ],
        "remarks": (
            f"{regime['title']}, as the ai-crosswalk graph holds it (https://w3id.org/ai-crosswalk): "
            f"{len(rows)} provisions. Control titles are short labels, statement parts the full text; props "
            f"give the notation (label), the order (sort-id), the level and the dates a provision applies "
            f"from. Publisher: {regime['publisher']}. Licence of the text: {regime['licence']}."
        ),
    }
    if regime.get("issued"):
        metadata["published"] = _stamp(regime["issued"])
    return {
        "catalog": {
            "uuid": oscal_uuid(regime["regime"]),
            "metadata": metadata,
            "controls": top,
            "back-matter": {
                "resources": [
                    {
                        "uuid": oscal_uuid(regime["source"]),
                        "title": _single(regime.get("sourceTitle") or regime["title"]),
                        "rlinks": [{"href": regime["source"]}],
                    }
                ]
            },
        }
    }


def write_catalog(
    store: pyoxigraph.Store | SelectSource, root: Path, key: str, now: datetime.datetime | None = None
) -> str:
    """The OSCAL catalog of one regime as JSON text."""
    return json.dumps(catalog_document(store, root, key, now), indent=2, ensure_ascii=False) + "\n"
