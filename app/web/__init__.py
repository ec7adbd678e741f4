"""Server-rendered pages: string templates in app/web/templates, static assets (YASGUI) in app/web/static."""

from __future__ import annotations

from html import escape
from pathlib import Path
from string import Template

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATE_DIR = WEB_DIR / "templates"


def render(name: str, raw: dict[str, str] | None = None, **values: object) -> str:
    """Fill a template: ``values`` are escaped, ``raw`` holds HTML fragments the caller built and escaped."""
    template = Template((TEMPLATE_DIR / name).read_text(encoding="utf-8"))
    filled = {k: escape("" if v is None else str(v)) for k, v in values.items()}
    filled.update(raw or {})
    return template.substitute(filled)


def link(href: str, text: str) -> str:
    """An escaped ``<a>``."""
    return f'<a href="{escape(href)}">{escape(text)}</a>'
