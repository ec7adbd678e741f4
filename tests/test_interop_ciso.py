"""CISO Assistant libraries: every regime's framework library and every regime pair's mapping library pass the
checks CISO Assistant's loader makes, and the mapping libraries hold exactly the graph's asserted mappings.

The checks are those of intuitem/ciso-assistant-community at f990d7b1b9a9f56e391acbc247c9076262a11412:
backend/core/models.py (``URN_REGEX``, ``StoredLibrary.REQUIRED_FIELDS``, ``store_library_content``, the
``RequirementMapping`` relationship and rationale choices, field lengths of ``ReferentialObjectMixin``) and
backend/library/utils.py (the importers' ``REQUIRED_FIELDS``, ``OBJECT_FIELDS`` and the fields
``RequirementNodeImporter.import_requirement_node`` reads).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph
import pytest
import yaml
from click.testing import CliRunner

from app.cli.main import main
from app.exports.ciso import dump, framework_library, mapping_library, node_urn
from app.exports.rows import MappingRow, mapping_rows
from app.exports.vocab import CISO_RELATIONSHIP
from app.graph.loading import build_store
from app.graph.queries import load_query, select, term_text

REPO_ROOT = Path(__file__).resolve().parent.parent
URN_REGEX = re.compile(
    r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?:([0-9A-Za-z\[\]\(\)\-\._:]+)$"
)
LIBRARY_REQUIRED = {"urn", "name", "version", "objects"}
FRAMEWORK_REQUIRED = {"ref_id", "urn"}
NODE_FIELDS = {  # what RequirementNodeImporter reads
    "urn", "parent_urn", "assessable", "ref_id", "annotation", "typical_evidence", "name", "description",
    "implementation_groups", "display_mode", "weight", "min_score", "max_score", "scores_definition_ref",
    "translations", "questions", "threats", "reference_controls", "depth",
}  # fmt: skip
MAPPING_SET_REQUIRED = {"urn", "name", "source_framework_urn", "target_framework_urn"}
MAPPING_REQUIRED = {"target_requirement_urn", "relationship", "source_requirement_urn"}
RELATIONSHIPS = {"subset", "intersect", "equal", "superset", "not_related"}
RATIONALES = {"syntactic", "semantic", "functional"}


def library_errors(text: str, known: dict[str, dict[str, Any]]) -> list[str]:
    """What CISO Assistant's loader would refuse in one library file; ``known``: loaded libraries by urn."""
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        return ["the YAML content must be a dictionary"]
    errors = [f"missing {f}" for f in sorted(LIBRARY_REQUIRED - set(data))]
    if errors:
        return errors
    if not URN_REGEX.match(data["urn"].lower()):
        errors.append(f"library URN badly formatted: {data['urn']}")
    int(data["version"])
    objects = data["objects"]
    if not {"framework", "requirement_mapping_sets"} & set(objects):
        errors.append("objects holds neither a framework nor mapping sets")
    if "framework" in objects:
        framework = objects["framework"]
        errors += [f"framework missing {f}" for f in sorted(FRAMEWORK_REQUIRED - set(framework))]
        nodes = framework.get("requirement_nodes") or []
        if not nodes:
            errors.append("framework without requirement nodes")
        urns = [n.get("urn", "").lower() for n in nodes]
        depth = {n["urn"].lower(): n.get("depth") for n in nodes}
        if len(set(urns)) != len(urns):
            errors.append("requirement node URNs are not unique")
        for node in nodes:
            if "urn" not in node or not URN_REGEX.match(node["urn"].lower()) or len(node["urn"]) > 255:
                errors.append(f"bad node urn {node.get('urn')}")
            if extra := set(node) - NODE_FIELDS:
                errors.append(f"{node['urn']}: fields the loader ignores {sorted(extra)}")
            parent = (node.get("parent_urn") or "").lower()
            if parent and parent not in depth:
                errors.append(f"{node['urn']}: parent {parent} is not a node of the framework")
            if parent and depth[parent] + 1 != node["depth"]:
                errors.append(f"{node['urn']}: depth {node['depth']} under a node of depth {depth[parent]}")
            if len(node.get("ref_id") or "") > 100 or len(node.get("name") or "") > 200:
                errors.append(f"{node['urn']}: ref_id or name longer than the database allows")
            if not (node.get("name") or node.get("description")):
                errors.append(f"{node['urn']}: neither name nor description")
    for mapping_set in objects.get("requirement_mapping_sets", []):
        errors += [f"mapping set missing {f}" for f in sorted(MAPPING_SET_REQUIRED - set(mapping_set))]
        frameworks = {}
        for dependency in data.get("dependencies", []):
            if dependency not in known:
                errors.append(f"unknown dependency {dependency}")
                continue
            framework = known[dependency]["objects"]["framework"]
            frameworks[framework["urn"]] = {n["urn"] for n in framework["requirement_nodes"]}
        source = frameworks.get(mapping_set["source_framework_urn"], set())
        target = frameworks.get(mapping_set["target_framework_urn"], set())
        if not mapping_set.get("requirement_mappings"):
            errors.append("no requirement mappings")
        for mapping in mapping_set.get("requirement_mappings", []):
            errors += [f"mapping missing {f}" for f in sorted(MAPPING_REQUIRED - set(mapping))]
            if mapping["relationship"] not in RELATIONSHIPS:
                errors.append(f"relationship {mapping['relationship']}")
            if mapping.get("rationale", "semantic") not in RATIONALES:
                errors.append(f"rationale {mapping['rationale']}")
            if mapping["source_requirement_urn"] not in source:
                errors.append(
                    f"source {mapping['source_requirement_urn']} is not a node of the source framework"
                )
            if mapping["target_requirement_urn"] not in target:
                errors.append(
                    f"target {mapping['target_requirement_urn']} is not a node of the target framework"
                )
    return errors


@pytest.fixture(scope="module")
def store() -> pyoxigraph.Store:
    return build_store(REPO_ROOT)


@pytest.fixture(scope="module")
def asserted(store: pyoxigraph.Store) -> list[MappingRow]:
    """Every asserted mapping, as stated (one query: a query per regime pair would take minutes)."""
    return mapping_rows(store, REPO_ROOT, include_derived=False)


@pytest.fixture(scope="module")
def frameworks(store: pyoxigraph.Store, asserted: list[MappingRow]) -> dict[str, dict[str, Any]]:
    """Every regime's framework library, as YAML read back, by library urn."""
    _, regimes = select(store, load_query("regimes", REPO_ROOT))
    mapped = {r.subject for r in asserted} | {r.object for r in asserted}
    out = {}
    for regime in regimes:
        text = dump(framework_library(store, REPO_ROOT, term_text(regime["key"]), mapped))
        assert library_errors(text, {}) == [], term_text(regime["key"])
        library = yaml.safe_load(text)
        out[library["urn"]] = library
    return out


def test_every_regime_is_a_framework_library(frameworks: dict[str, dict[str, Any]]) -> None:
    keys = {lib["ref_id"] for lib in frameworks.values()}
    assert {"m593", "g7-hcoc", "jp-aigfb", "nist-ai-600-1", "eu-ai-act", "nist-ai-rmf"} <= keys
    nist = frameworks["urn:ai-crosswalk:risk:library:nist-ai-rmf"]["objects"]["framework"]
    govern = {n["ref_id"]: n for n in nist["requirement_nodes"]}["GOVERN 1.2"]
    assert govern["name"].endswith("procedures, and practices")  # the full label (no longer cut with "…")
    assert govern["description"].endswith("procedures, and practices.")
    assert not any("…" in n.get("name", "") for lib in frameworks.values() for n in _nodes(lib))


def _nodes(library: dict[str, Any]) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = library["objects"]["framework"]["requirement_nodes"]
    return nodes


def test_every_pair_is_a_mapping_library_of_its_asserted_mappings(
    asserted: list[MappingRow], frameworks: dict[str, dict[str, Any]]
) -> None:
    pairs = sorted({(r.subject_regime, r.object_regime) for r in asserted})
    assert len(pairs) >= 10
    for source, target in pairs:
        text = dump(mapping_library(asserted, source, target))
        assert library_errors(text, frameworks) == [], (source, target)
        mappings = yaml.safe_load(text)["objects"]["requirement_mapping_sets"][0]["requirement_mappings"]
        assert [
            (m["source_requirement_urn"], m["relationship"], m["target_requirement_urn"]) for m in mappings
        ] == [
            (node_urn(source, r.subject), CISO_RELATIONSHIP[r.relationship], node_urn(target, r.object))
            for r in asserted
            if (r.subject_regime, r.object_regime) == (source, target)
        ]
        assert all(m["annotation"] for m in mappings)
        # a rationale where the asserter stated one (a published crosswalk's publisher states none)
        stated = [r.rationale for r in asserted if (r.subject_regime, r.object_regime) == (source, target)]
        assert [m.get("rationale", "") for m in mappings] == stated


def test_a_pair_read_from_one_side_includes_the_mappings_stated_the_other_way(
    store: pyoxigraph.Store, frameworks: dict[str, dict[str, Any]]
) -> None:
    selected = mapping_rows(store, REPO_ROOT, "eu-ai-act", "m593", include_derived=False)
    assert {r.direction for r in selected} == {"in"}  # M/593's items are stated towards the AI Act
    text = dump(mapping_library(selected, "eu-ai-act", "m593"))
    assert library_errors(text, frameworks) == []
    mappings = yaml.safe_load(text)["objects"]["requirement_mapping_sets"][0]["requirement_mappings"]
    assert len(mappings) == len(selected)


def test_the_check_is_not_a_rubber_stamp(
    store: pyoxigraph.Store, frameworks: dict[str, dict[str, Any]]
) -> None:
    text = dump(
        mapping_library(mapping_rows(store, REPO_ROOT, "m593", "eu-ai-act", False), "m593", "eu-ai-act")
    )
    assert library_errors(text.replace("relationship: equal", "relationship: same"), frameworks)
    assert library_errors(text.replace("eu-ai-act:article-9\n", "eu-ai-act:article-999\n"), frameworks)
    broken = dump(framework_library(store, REPO_ROOT, "m593")).replace(
        "urn: urn:ai-crosswalk:risk:library", "urn: x"
    )
    assert library_errors(broken, {})


def test_cli_writes_both_kinds(tmp_path: Path) -> None:
    runner = CliRunner()
    framework, mapping = tmp_path / "g7.yaml", tmp_path / "g7-jp.yaml"
    args = ["export", "ciso-framework", "--root", str(REPO_ROOT), "--from", "g7-hcoc", "-o", str(framework)]
    assert runner.invoke(main, args).exit_code == 0
    args = [
        "export",
        "ciso-mapping",
        "--root",
        str(REPO_ROOT),
        "--from",
        "jp-aigfb",
        "--to",
        "g7-hcoc",
        "-o",
        str(mapping),
    ]
    assert runner.invoke(main, args).exit_code == 0
    loaded = yaml.safe_load(framework.read_text(encoding="utf-8"))
    assert library_errors(mapping.read_text(encoding="utf-8"), {loaded["urn"]: loaded, **_jp(tmp_path)}) == []
    refused = runner.invoke(main, ["export", "ciso-mapping", "--root", str(REPO_ROOT), "--from", "jp-aigfb"])
    assert refused.exit_code != 0 and "--to" in refused.output


def _jp(tmp_path: Path) -> dict[str, dict[str, Any]]:
    out = tmp_path / "jp.yaml"
    args = ["export", "ciso-framework", "--root", str(REPO_ROOT), "--from", "jp-aigfb", "-o", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    library = yaml.safe_load(out.read_text(encoding="utf-8"))
    return {library["urn"]: library}
