"""What a JSON description may not do, refused before any RDF processing (DESIGN: "The description contract
is strict"): load a document, speak about other nodes, or hold a field the context does not define."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from app.analysis.description_json import Field
from app.analysis.description_model import (
    SHORT_NAME,
    InvalidDescriptionError,
    Issue,
    context,
    plain_form,
    refused,
    system_iri,
)
from app.core.identifiers import CONTEXT_URL

ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
EXTENSIONS = "extensions"
# Keywords that let one document speak about other nodes or load other documents: never accepted.
FOREIGN = ("@graph", "@included", "@reverse", "@import", "@nest")
VALUE_KEYWORDS = frozenset({"@id", "@type", "@value", "@language", "@direction", "@list", "@set", "@index"})


def screen(document: dict[str, Any]) -> None:
    """Refuse, before any RDF processing, what a description may not do: load a document (a remote or
    ``file:`` context, ``@import``, a ``@context`` below the top), speak about other nodes (``@graph``,
    ``@included``, ``@reverse``), or hold a field the context does not define (a typo silently dropped)."""
    issues: list[Issue] = []
    given = document.get("@context")
    if given is not None and given != CONTEXT_URL:
        issues += _context_issues(given, "@context")
    issues += _nested_keyword_issues(document, "", top=True)
    issues += _id_issues(document)
    if not issues:
        ours = _ours_in_effect(given)
        own = _defined_terms(given)
        issues += _unknown_fields(document, plain_form().fields if ours else {}, own, "", top=True)
    if issues:
        raise InvalidDescriptionError(sorted(set(issues)))


def _ours_in_effect(given: Any) -> bool:
    """Whether the published context applies: none given, ours named or inline, alone or first in a list."""
    ours = context()["@context"]
    items = given if isinstance(given, list) else [given]
    return given is None or any(item in (CONTEXT_URL, ours) for item in items)


def _id_issues(document: dict[str, Any]) -> list[Issue]:
    """A system's id is an absolute IRI or a short name: anything else would be resolved or dropped."""
    found = []
    for key in sorted(plain_form().id_keys & document.keys()):
        value = document[key]
        if not isinstance(value, str) or not (SHORT_NAME.fullmatch(value) or ABSOLUTE_IRI.fullmatch(value)):
            message = "not an absolute IRI (urn:…, https://…) nor a short name (letters, digits, . _ ~ -)"
            found.append(Issue("id", "", "", str(value)[:200], "iri", message))
    return found


def _context_issues(value: Any, where: str) -> list[Issue]:
    """A top-level context must be inline: no URL (http, file or any other), no ``@import``, at any depth."""
    if value == CONTEXT_URL and where != "@context":  # ours, in a list: used from the package
        return []
    if isinstance(value, str):
        return [
            refused(
                where,
                "a remote @context or @import is not fetched: use the published context inline or none",
                "remote",
            )
        ]
    if isinstance(value, list):
        return [i for n, v in enumerate(value) for i in _context_issues(v, f"{where}[{n}]")]
    if isinstance(value, dict):
        found = []
        if "@import" in value:
            found += _context_issues(str(value["@import"]), f"{where}.@import")
        for key, definition in value.items():
            if isinstance(definition, dict) and "@context" in definition:
                found += _context_issues(definition["@context"], f"{where}.{key}.@context")
        return found
    return []


def _nested_keyword_issues(value: Any, where: str, top: bool = False) -> list[Issue]:
    """``@context`` below the top level, and keywords that describe other nodes, anywhere in the document."""
    found: list[Issue] = []
    if isinstance(value, list):
        for n, item in enumerate(value):
            found += _nested_keyword_issues(item, f"{where}[{n}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}.{key}" if where else key
            if key == "@context" and not top:
                remote = _context_issues(item, here)
                found += remote or [
                    refused(here, "a @context is accepted only at the top of a description", "nested-context")
                ]
            elif key in FOREIGN:
                found.append(
                    refused(here, f"{key} is not accepted: a description describes one system", "keyword")
                )
            elif key != "@context" and not (top and key == EXTENSIONS):
                found += _nested_keyword_issues(item, here)
    return found


def _defined_terms(context_value: Any) -> set[str]:
    """The terms a document's own inline context defines (they are its fields as much as ours are)."""
    if isinstance(context_value, list):
        return {t for v in context_value for t in _defined_terms(v)}
    if isinstance(context_value, dict):
        return {k for k in context_value if not k.startswith("@")}
    return set()


def _unknown_fields(
    node: dict[str, Any], fields: Mapping[str, Field], own: set[str], where: str, top: bool = False
) -> list[Issue]:
    """Each key the published context (or the document's own context) does not define, with the closest."""
    found: list[Issue] = []
    form = plain_form()
    for key, value in node.items():
        here = f"{where}.{key}" if where else key
        term = fields.get(key)
        if term is not None:
            if term.kind == "nested":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, dict):
                        found += _unknown_fields(item, term.fields, own, key)
            else:
                found += _value_object_issues(value, here)
        elif key in form.node_keys or key in own or (":" in key and not key.startswith("@")):
            continue  # the node's id, type or context; a term of its own context; a full or compact IRI
        elif top and key == EXTENSIONS:
            if not isinstance(value, dict):
                found.append(refused(here, "extensions is an object of the caller's own fields", "type"))
        else:
            known = sorted({*fields, *form.node_keys, *([EXTENSIONS] if top else [])} - {"@context"})
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else f"; known fields: {', '.join(known)}"
            found.append(
                Issue(
                    field=here,
                    focus_node="",
                    path="",
                    value=key[:200],
                    constraint="unknown-field",
                    message=f"unknown field {key[:200]!r}{hint} (put extensions under 'extensions', "
                    "or name them by full IRI)",
                )
            )
    return found


def _value_object_issues(value: Any, where: str) -> list[Issue]:
    """Values of a code, reference or text field: strings, or JSON-LD value/node objects of keywords only."""
    found = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            for key in item:
                if key not in VALUE_KEYWORDS:
                    found.append(refused(f"{where}.{key}", f"{key!r} is not accepted in a value", "keyword"))
    return found


def without_extensions(document: dict[str, Any]) -> dict[str, Any]:
    """The description without its ``extensions`` object (the caller's, not ours to read), its id minted."""
    document = {k: v for k, v in document.items() if k != EXTENSIONS}
    for key in plain_form().id_keys:
        value = document.get(key)
        if isinstance(value, str):
            document[key] = system_iri(value)
    return document
