"""GET /regimes, /regimes/{regime} and /regimes/{regime}/provisions."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter

from app.crosswalk import catalogue
from app.crosswalk.versions import Timeline, version_record
from app.http.api.deps import AnalysisDep, AsOf, CatalogueDep
from app.http.api.regime_models import ProvisionTree, Regime

router = APIRouter(tags=["regimes"])
REGIME_DOC = "The regime's key (e.g. `nist-ai-rmf`) or IRI."


@router.get("/regimes", summary="Every regime", response_model=list[Regime])
def list_regimes(cat: CatalogueDep, analysis: AnalysisDep, as_of: AsOf = None) -> list[Regime]:
    """Every regime with its kind, jurisdiction, version, date, source, licence and item count; `versions`
    lists its versions and `in_force` the one in force on `as_of` (default today)."""
    day = as_of or date.today()
    return [Regime.model_validate(_in_time(r, analysis.index.timeline, day)) for r in catalogue.regimes(cat)]


@router.get(
    "/regimes/{regime:path}/provisions",
    summary="A regime's provisions as a tree",
    response_model=ProvisionTree,
)
def regime_provisions(regime: str, cat: CatalogueDep) -> ProvisionTree:
    """The regime's items nested along skos:broader (function → category → subcategory, …)."""
    return ProvisionTree.model_validate(catalogue.provision_tree(cat, regime))


@router.get("/regimes/{regime:path}", summary="One regime", response_model=Regime)
def get_regime(regime: str, cat: CatalogueDep, analysis: AnalysisDep, as_of: AsOf = None) -> Regime:
    """One regime, with its versions, the one in force on `as_of` (default today), and its source.

    Unknown keys get 404 with the closest known ones."""
    record = catalogue.regime(cat, regime)
    return Regime.model_validate(_in_time(record, analysis.index.timeline, as_of or date.today()))


def _in_time(record: dict[str, Any], timeline: Timeline, day: date) -> dict[str, Any]:
    """A regime record with its versions and the one in force on ``day``."""
    in_force = timeline.in_force(record["key"], day)
    return {
        **record,
        "as_of": day.isoformat(),
        "versions": [version_record(v) for v in timeline.versions.get(record["key"], [])],
        "in_force": version_record(in_force) if in_force else None,
    }
