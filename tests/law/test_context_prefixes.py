"""Every regime's provisions can be addressed by short id in a measure: the published context has a prefix for
each regime the graph holds."""

from __future__ import annotations

import json

from app.analysis.description_model import context
from app.analysis.service import Analysis
from app.core.settings import Settings


def test_every_regime_has_a_prefix_and_a_measure_can_address_it(analysis: Analysis) -> None:
    regimes = {item.regime for item in analysis.index.items.values() if item.regime}
    prefixes = {k for k, v in context()["@context"].items() if isinstance(v, dict) and v.get("@prefix")}
    assert regimes <= prefixes, regimes - prefixes
    for regime in sorted(regimes):
        provision = next(
            i
            for i in analysis.index.items.values()
            if i.regime == regime and not i.iri.endswith(f"/id/{regime}")
        )
        short = f"{regime}:{provision.iri.rsplit('/', 1)[1]}"
        document = {"id": "urn:example:p", "purposes": ["spam-filtering"], "roles": ["provider"], "markets": ["EU"],
                    "measures": [{"id": "m", "addresses": [short], "status": "implemented"}]}  # fmt: skip
        system = analysis.read(json.dumps(document), max_triples=Settings().max_description_triples)
        assert system.measures[0].addresses == (provision.iri,), short
