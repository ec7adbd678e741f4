"""NIST OLIR: every regime mapped to the NIST AI RMF as a set theory relationship mapping OLIR, held to the fields
and values of NIST IR 8278A Rev. 1 (sections 3.1 and 3.2, Tables 1 and 2), and read back to the same mappings."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from app.cli.main import main
from app.exports.olir import FOCAL, olir_document
from app.exports.oscal_catalog import regime_provisions
from app.exports.rows import MappingRow, mapping_rows
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
# IR 8278A Rev. 1, Table 1 (3.1.1-3.1.17), in the order the publication gives them
GENERAL = [
    "Reference Document", "Reference Document Short Name", "Reference Document Version",
    "Reference Document Author", "Reference Document URL", "Reference Document Date",
    "Informative Reference Name", "Informative Reference Short Name", "Informative Reference Version",
    "Point of Contact", "Informative Reference Developer", "Comprehensive", "Summary",
    "Target Audience (Community)", "Citations", "Comments", "Web Address",
]  # fmt: skip
# IR 8278A Rev. 1, Table 2, set theory relationship mapping column: required and optional fields (the N/A ones,
# Security Control Baseline outside the SP 800-53 template, Relationship Type/Explanation/Property, are left out)
REQUIRED = {
    "Focal Document Element",
    "Focal Document Element Description",
    "Reference Document Element",
    "Rationale",
    "Relationship",
}
OPTIONAL = {"Reference Document Element Description", "Comments", "Strength of Relationship"}
RELATIONSHIPS = {"subset of": "subsetOf", "intersects with": "intersectsWith", "equal": "equal",
                 "superset of": "supersetOf", "not related to": "notRelated"}  # fmt: skip
RATIONALES = {"syntactic", "semantic", "functional"}


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@pytest.fixture(scope="module")
def towards_focal(store: pyoxigraph.Store) -> list[MappingRow]:
    """Every asserted mapping with an AI RMF item, read from the other regime's side (one query)."""
    return mapping_rows(store, REPO_ROOT, None, FOCAL, include_derived=False)


def test_every_regime_paired_with_the_ai_rmf_is_a_valid_olir(
    store: pyoxigraph.Store, towards_focal: list[MappingRow]
) -> None:
    # An OLIR needs each relationship's rationale: the regimes whose mappings to the AI RMF state one
    references = sorted({r.subject_regime for r in towards_focal if r.rationale})
    assert "eu-ai-act" in references
    _, focal_items = regime_provisions(store, REPO_ROOT, FOCAL)
    notation = {i["notation"]: i["item"] for i in focal_items}
    for reference in references:
        document = olir_document(store, REPO_ROOT, reference, towards_focal)
        general = document["General Information"]
        assert list(general) == GENERAL, reference
        assert len(general["Reference Document Short Name"]) <= 30
        assert re.fullmatch(r"\d{2}/\d{2}/\d{4}", general["Reference Document Date"])
        assert re.fullmatch(r"\S+-to-\S+ \(\d+\.\d+\.\d+\)", general["Informative Reference Name"])
        assert general["Comprehensive"] in {"Yes", "No"}
        assert general["Reference Document URL"].startswith(("http://", "https://"))
        entries = document["Relationships"]
        assert {e["Focal Document Element"] for e in entries} == set(notation)  # an entry per focal element
        _, references_items = regime_provisions(store, REPO_ROOT, reference)
        reference_notation = {i["notation"].replace(":", "-"): i["item"] for i in references_items}
        read_back = set()
        for entry in entries:
            assert set(entry) == REQUIRED | OPTIONAL
            if not entry["Relationship"]:  # no relationship: the entry keeps only the focal element
                assert not any(
                    entry[f]
                    for f in (REQUIRED | OPTIONAL)
                    - {"Focal Document Element", "Focal Document Element Description"}
                )
                continue
            assert all(entry[f] for f in REQUIRED), entry
            assert entry["Rationale"] in RATIONALES and ":" not in entry["Reference Document Element"]
            assert (
                "…"
                not in entry["Focal Document Element Description"]
                + entry["Reference Document Element Description"]
            )
            read_back.add(
                (
                    reference_notation[entry["Reference Document Element"]],
                    RELATIONSHIPS[entry["Relationship"]],
                    notation[entry["Focal Document Element"]],
                )
            )
        assert read_back == {
            (r.subject, r.relationship, r.object)
            for r in towards_focal
            if r.subject_regime == reference and r.rationale
        }


def test_the_relationship_reads_reference_against_focal(
    store: pyoxigraph.Store, towards_focal: list[MappingRow]
) -> None:
    """IR 8278A 3.2.6: the Relationship compares the Reference Document Element to the Focal Document Element,
    so a mapping stated from the AI RMF's side is written inverted."""
    asymmetric = [r for r in towards_focal if r.relationship in ("subsetOf", "supersetOf")]
    stated_by_nist_side = [r for r in asymmetric if r.direction == "in"]
    sample = (stated_by_nist_side or asymmetric)[0]
    document = olir_document(store, REPO_ROOT, sample.subject_regime, towards_focal)
    entry = next(
        e
        for e in document["Relationships"]
        if e["Reference Document Element"] == sample.subject_notation.replace(":", "-")
        and e["Focal Document Element"] == sample.object_notation
    )
    expected = "subset of" if sample.relationship == "subsetOf" else "superset of"
    assert entry["Relationship"] == expected


def test_cli_and_refusals(tmp_path: Path, store: pyoxigraph.Store) -> None:
    out = tmp_path / "g7.olir.json"
    args = ["export", "olir", "--root", str(REPO_ROOT), "--from", "jp-aigfb", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (
        json.loads(out.read_text(encoding="utf-8"))["General Information"]["Reference Document Short Name"]
        == "JP-AIGFB"
    )
    refused = CliRunner().invoke(
        main, ["export", "olir", "--root", str(REPO_ROOT), "--from", "jp-aigfb", "--to", "m593"]
    )
    assert refused.exit_code != 0 and "Focal Document" in refused.output
    with pytest.raises(ValueError, match="Focal Document"):
        olir_document(store, REPO_ROOT, FOCAL)


def test_a_published_crosswalk_without_rationales_is_refused_not_invented(
    store: pyoxigraph.Store, towards_focal: list[MappingRow]
) -> None:
    """J-AISI's crosswalks and the NIST AI 600-1 actions state no rationale, which IR 8278A Table 2 requires."""
    unstated = sorted(
        {r.subject_regime for r in towards_focal} - {r.subject_regime for r in towards_focal if r.rationale}
    )
    assert unstated, "every regime paired with the AI RMF now states rationales: keep this test honest"
    for reference in unstated:
        with pytest.raises(ValueError, match="states no rationale"):
            olir_document(store, REPO_ROOT, reference, towards_focal)
