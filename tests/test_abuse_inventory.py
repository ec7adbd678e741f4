"""A write's answer is what it wrote (issue 15, finding 9): a committed PUT answered 404 on the remote back end
when another client's DELETE came between its write and the read that made its answer (5 of 360 PUTs against
a DELETE loop). Here the other client's DELETE comes there every time, on a real store."""

from __future__ import annotations

import json

import pyoxigraph

from app.analysis.descriptions import parse_description
from app.inventory.systems import Inventory, LocalBackend, graph_iri, stored_triples
from tests.conftest import REPO_ROOT

DOCUMENT = (REPO_ROOT / "data" / "examples" / "cv-ranker.json").read_bytes()
SYSTEM = json.loads(DOCUMENT)["id"]


class DeletedRightAfter(LocalBackend):
    """A store where another client deletes the system as soon as each write of it has committed."""

    def update(self, text: str) -> None:
        super().update(text)
        if "INSERT DATA" in text:
            super().update(f"DROP SILENT GRAPH <{graph_iri(SYSTEM)}>")


def test_a_write_answers_with_the_record_it_wrote() -> None:
    inventory = Inventory(DeletedRightAfter(pyoxigraph.Store()), REPO_ROOT)
    triples = stored_triples(parse_description(DOCUMENT.decode(), "application/json"), SYSTEM)
    written = inventory.write(SYSTEM, triples)
    assert inventory.record(SYSTEM) is None  # the other client's DELETE did come between
    assert written.created
    assert written.record.id == SYSTEM
    assert written.record.graph == graph_iri(SYSTEM)
    assert written.record.name == json.loads(DOCUMENT)["name"]
    assert written.record.modified.endswith("Z")
    again = Inventory(LocalBackend(pyoxigraph.Store()), REPO_ROOT)  # the same write, nobody in between
    stored = again.write(SYSTEM, triples)
    assert again.record(SYSTEM) == stored.record  # what a write answers is what a read finds
    assert not again.write(SYSTEM, triples).created
