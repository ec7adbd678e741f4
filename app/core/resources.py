"""Where the shipped ontology, data, shapes and queries live, installed or in a checkout."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "CROSSWALK_RESOURCE_ROOT"

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # app/


def resource_root(override: Path | str | None = None) -> Path:
    """Return the folder holding ontology/, data/, shapes/ and queries/, so every loader agrees on one place.

    Order: an explicit override, then the ``CROSSWALK_RESOURCE_ROOT`` environment variable, then the copy
    shipped inside an installed wheel (``app/_shipped``), then the root of a source checkout.
    """
    if override is not None:
        return _existing(Path(override))
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return _existing(Path(from_env))
    shipped = _PACKAGE_DIR / "_shipped"
    if shipped.is_dir():
        return shipped
    return _existing(_PACKAGE_DIR.parent)


def _existing(root: Path) -> Path:
    """Fail early with a clear message rather than later with an empty graph."""
    root = root.expanduser().resolve()
    if not (root / "queries").is_dir() and not (root / "ontology").is_dir():
        raise FileNotFoundError(f"{root} has neither ontology/ nor queries/: not a crosswalk resource root")
    return root
