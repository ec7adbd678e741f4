"""Server-rendered pages: Jinja2 templates in templates/ (autoescaped), assets in static/.

``page`` renders a Jinja2 template into an HTML response; ``render`` fills the older string templates (the
YASGUI page) with escaped values.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from string import Template
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from app.core.settings import DEFAULT_BASE_IRI

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATE_DIR = WEB_DIR / "templates"
STATUS_LABELS = {"met": "met", "partial": "partly met", "unmet": "unmet"}

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def local_href(iri: str | None, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """Our IRIs (under ``base_iri``) through this service's ``/id/…``; other IRIs unchanged."""
    if not iri:
        return ""
    return "/id/" + iri.removeprefix(base_iri) if iri.startswith(base_iri) else iri


@jinja2.pass_context
def _local_filter(context: jinja2.runtime.Context, iri: str | None) -> str:
    return local_href(iri, context.get("base_iri") or DEFAULT_BASE_IRI)


def id_href(short_id: str) -> str:
    """``eu-ai-act:Article-9`` → ``/id/eu-ai-act/Article-9``; a bare regime key → ``/id/<key>``."""
    regime, _, slug = short_id.partition(":")
    return f"/id/{regime}/{slug}" if slug else f"/id/{regime}"


ENV.filters["local"] = _local_filter
ENV.filters["id_href"] = id_href
ENV.globals["STATUS_LABELS"] = STATUS_LABELS


def is_web_url(value: object) -> bool:
    """True for an http(s) URL: the only kind of user-given text the pages turn into a link."""
    return isinstance(value, str) and re.fullmatch(r"https?://[^\s\"'<>]+", value) is not None


ENV.tests["match_url"] = is_web_url


def page(
    request: Request, name: str, status_code: int = 200, headers: dict[str, str] | None = None, **context: Any
) -> HTMLResponse:
    """Render ``templates/<name>`` with ``context`` (every value escaped) as an HTML response."""
    settings = getattr(request.app.state, "settings", None)
    context.setdefault("base_iri", getattr(settings, "base_iri", DEFAULT_BASE_IRI))
    html = ENV.get_template(name).render(**context)
    return HTMLResponse(html, status_code=status_code, headers=headers)


def render(name: str, raw: dict[str, str] | None = None, **values: object) -> str:
    """Fill a string template: ``values`` are escaped, ``raw`` holds HTML the caller built and escaped."""
    template = Template((TEMPLATE_DIR / name).read_text(encoding="utf-8"))
    filled = {k: escape("" if v is None else str(v)) for k, v in values.items()}
    filled.update(raw or {})
    return template.substitute(filled)


def link(href: str, text: str) -> str:
    """An escaped ``<a>``."""
    return f'<a href="{escape(href)}">{escape(text)}</a>'
