"""GET /regimes, /regimes/{regime} and /regimes/{regime}/provisions."""

from __future__ import annotations

from fastapi import APIRouter

from app import catalogue
from app.api.deps import CatalogueDep
from app.api.models import ProvisionTree, Regime

router = APIRouter(tags=["regimes"])
REGIME_DOC = "The regime's key (e.g. `nist-ai-rmf`) or IRI."


@router.get("/regimes", summary="Every regime", response_model=list[Regime])
def list_regimes(cat: CatalogueDep) -> list[Regime]:
    """Every current regime with its kind, jurisdiction, version, date, source, licence and item count."""
    return [Regime.model_validate(r) for r in catalogue.regimes(cat)]


@router.get(
    "/regimes/{regime:path}/provisions",
    summary="A regime's provisions as a tree",
    response_model=ProvisionTree,
)
def regime_provisions(regime: str, cat: CatalogueDep) -> ProvisionTree:
    """The regime's items nested along skos:broader (function → category → subcategory, …)."""
    return ProvisionTree.model_validate(catalogue.provision_tree(cat, regime))


@router.get("/regimes/{regime:path}", summary="One regime", response_model=Regime)
def get_regime(regime: str, cat: CatalogueDep) -> Regime:
    """One regime, with its version and source. Unknown keys get 404 with the closest known ones."""
    return Regime.model_validate(catalogue.regime(cat, regime))
