"""Short ids: the ``regime:notation-slug`` form every report, page and error shows for the IRIs we mint."""

from __future__ import annotations

ID = "https://w3id.org/ai-crosswalk/id/"


def short_id(iri: str, base: str = ID) -> str:
    """``…/id/nist-ai-rmf/GOVERN-1.1`` → ``nist-ai-rmf:GOVERN-1.1``; a regime → its key; others unchanged."""
    if not iri.startswith(base):
        return iri
    regime, _, rest = iri.removeprefix(base).partition("/")
    return f"{regime}:{rest}" if rest else regime
