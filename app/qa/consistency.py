"""OWL 2 DL consistency of the graph, checked with HermiT through owlready2 in a world of its own."""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import rdflib

Status = Literal["consistent", "inconsistent", "error", "skipped"]
UNSUPPORTED_NOTE = "literals typed outside the OWL 2 datatype map (e.g. xsd:date) were not reasoned over"


@dataclass(frozen=True)
class ReasonerResult:
    """What HermiT said about the graph and how long it took, for the check report."""

    status: Status
    seconds: float
    detail: str = ""

    @property
    def failed(self) -> bool:
        """An inconsistent graph fails the check; so does one HermiT could not reason over."""
        return self.status in ("inconsistent", "error")


def check_consistency(graph: rdflib.Graph) -> ReasonerResult:
    """Serialise the graph to N-Triples, load it into a fresh owlready2 World and run HermiT on it.

    HermiT refuses the whole ontology over one ``xsd:date`` literal (not in OWL 2's datatype map), so such
    literals are ignored; their shape is SHACL's job.
    """
    import owlready2

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crosswalk-owl-") as tmp:
        path = Path(tmp) / "graph.nt"
        graph.serialize(destination=path, format="nt", encoding="utf-8")
        world = owlready2.World()
        try:
            with path.open("rb") as fileobj:
                world.get_ontology(path.as_uri()).load(fileobj=fileobj)
            owlready2.sync_reasoner_hermit(
                world, infer_property_values=False, debug=0, ignore_unsupported_datatypes=True
            )
        except owlready2.OwlReadyInconsistentOntologyError as err:
            detail = _first_lines(str(err)) or "HermiT found the graph inconsistent"
            return ReasonerResult("inconsistent", time.perf_counter() - start, detail)
        except (owlready2.OwlReadyJavaError, owlready2.OwlReadyError, OSError) as err:
            return ReasonerResult("error", time.perf_counter() - start, _first_lines(str(err)))
        finally:
            world.close()
    return ReasonerResult("consistent", time.perf_counter() - start, UNSUPPORTED_NOTE)


def _first_lines(text: str, limit: int = 12) -> str:
    """Keep a Java stack trace short enough to read in a terminal."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:limit])
