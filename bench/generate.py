"""Generate valid, varied AI-system descriptions from the graph's own vocabularies and provisions.

Every value is drawn from data/vocab (purposes, roles, markets, sectors, capabilities, lifecycle stages) and
the provisions of data/regimes, so every description passes shapes/system.ttl. Seeded: the same n and seed
give the same descriptions. ``python -m bench.generate 10000 > portfolio.ndjson`` writes NDJSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph

from bench.common import ROOT

CW = "https://w3id.org/ai-crosswalk/ontology#"
ID = "https://w3id.org/ai-crosswalk/id/"
CLASSES = {
    "purposes": "Purpose",
    "roles": "OperatorRole",
    "markets": "Jurisdiction",
    "sectors": "Sector",
    "capabilities": "Capability",
    "lifecycle_stage": "LifecycleStage",
}
STATUSES = ("implemented", "implemented", "partial", "planned")


@dataclass(frozen=True)
class Vocabulary:
    codes: dict[str, list[str]]
    provisions: list[str]  # short ids regime:slug
    required: list[str]  # provisions some applicability rule asks for (measures often address these)


def vocabulary(root: Path = ROOT) -> Vocabulary:
    store = pyoxigraph.Store()
    files = [
        *sorted((root / "data" / "vocab").glob("*.ttl")),
        *sorted((root / "data" / "regimes").glob("*.ttl")),
        *sorted((root / "data" / "rules").glob("*.ttl")),
    ]
    for path in files:
        store.bulk_load(path=path, format=pyoxigraph.RdfFormat.TURTLE)
    codes: dict[str, list[str]] = {}
    for name, cls in CLASSES.items():
        rows = store.query(f"SELECT ?t WHERE {{ ?t a <{CW}{cls}> }} ORDER BY ?t")
        codes[name] = [row["t"].value.rsplit("/", 1)[-1] for row in rows]  # type: ignore[union-attr]
    rows = store.query(
        f"SELECT DISTINCT ?i WHERE {{ ?i <http://www.w3.org/2004/02/skos/core#inScheme> ?r . ?r <{CW}key> ?k }}"
        " ORDER BY ?i"
    )
    provisions = [short(row["i"].value) for row in rows]  # type: ignore[union-attr]
    rows = store.query(f"SELECT DISTINCT ?i WHERE {{ ?rule <{CW}appliesRequirement> ?i }} ORDER BY ?i")
    required = [short(row["i"].value) for row in rows]  # type: ignore[union-attr]
    return Vocabulary(codes, provisions, required)


def short(iri: str) -> str:
    regime, _, slug = iri.removeprefix(ID).partition("/")
    return f"{regime}:{slug}"


def generate(
    n: int, seed: int = 8, root: Path = ROOT, vocab: Vocabulary | None = None
) -> list[dict[str, Any]]:
    """n descriptions: 0-3 purposes, 1-2 roles, 1-4 markets, 0-2 sectors, 0-2 capabilities, 0-6 measures."""
    vocab = vocab or vocabulary(root)
    rng = random.Random(seed)
    c = vocab.codes
    out = []
    for i in range(n):
        purposes = rng.sample(c["purposes"], rng.choice((0, 1, 1, 1, 2, 3)))
        capabilities = rng.sample(c["capabilities"], rng.choice((0, 0, 1, 2)))
        if not purposes and not capabilities:
            purposes = [rng.choice(c["purposes"])]
        measures = []
        for m in range(rng.randint(0, 6)):
            pool = vocab.required if rng.random() < 0.7 else vocab.provisions
            measures.append(
                {
                    "id": f"m{m + 1}",
                    "addresses": rng.sample(pool, rng.randint(1, 3)),
                    "status": rng.choice(STATUSES),
                    **({"evidence": f"doc-{i}-{m}"} if rng.random() < 0.5 else {}),
                }
            )
        out.append(
            {
                "id": f"urn:example:bench-{seed}-{i}",
                "name": f"Generated system {i}",
                "purposes": purposes,
                "roles": rng.sample(c["roles"], rng.choice((1, 1, 2))),
                "markets": rng.sample(c["markets"], rng.randint(1, 4)),
                "sectors": rng.sample(c["sectors"], rng.choice((0, 1, 1, 2))),
                "capabilities": capabilities,
                "lifecycle_stage": rng.choice(c["lifecycle_stage"]),
                "measures": measures,
            }
        )
    return out


def write_ndjson(descriptions: list[dict[str, Any]], path: Path) -> Path:
    path.write_text(
        "".join(json.dumps(d, separators=(",", ":")) + "\n" for d in descriptions), encoding="utf-8"
    )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    for d in generate(args.n, args.seed):
        sys.stdout.write(json.dumps(d, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
