"""Gap analysis against the real graph: classification per regime, who must do what, and verdicts with reasons."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.analysis.description_model import InvalidDescriptionError
from app.analysis.descriptions import parse_description
from app.analysis.gap_index import GapIndex
from app.analysis.gaps import analyse
from app.analysis.report import report_json
from app.analysis.validation import Validator
from app.graph.loading import build_store

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = REPO_ROOT / "data" / "examples"
AS_OF = date(2026, 11, 24)


@pytest.fixture(scope="module")
def engine() -> Iterator[tuple[GapIndex, Validator]]:
    """The index and validator over the shipped graph, built once and only read."""
    store = build_store(REPO_ROOT)
    yield GapIndex.build(store, REPO_ROOT), Validator(REPO_ROOT, store)


def run(engine: tuple[GapIndex, Validator], as_of: date = AS_OF, **fields: Any) -> dict[str, Any]:
    """Validate and analyse a description given as keyword fields."""
    index, validator = engine
    document = {"id": "urn:example:test", "roles": ["provider"], "markets": ["EU"], **fields}
    system = validator.check(parse_description(json.dumps(document)))
    return report_json(analyse(index, system, as_of))


def tiers(report: dict[str, Any], regime: str) -> dict[str, list[str]]:
    return {c["tier"]: [b["id"] for b in c["basis"]] for c in report["classification"].get(regime, [])}


def requirement(report: dict[str, Any], short: str) -> dict[str, Any]:
    found = [r for r in report["requirements"] if r["id"] == short]
    assert found, f"{short} does not apply"
    return found[0]


def ids(report: dict[str, Any], regime: str) -> set[str]:
    return {r["id"] for r in report["requirements"] if r["regime"] == regime}


@pytest.mark.parametrize(
    ("purpose", "point"),
    [
        ("subliminal-manipulation", "a"),
        ("exploiting-vulnerabilities", "b"),
        ("social-scoring", "c"),
        ("predictive-policing-profiling", "d"),
        ("facial-image-scraping", "e"),
        ("workplace-emotion-recognition", "f"),
        ("biometric-categorisation-sensitive", "g"),
        ("realtime-remote-biometric-identification-law-enforcement", "h"),
    ],
)
def test_each_article_5_practice_is_prohibited(
    engine: tuple[GapIndex, Validator], purpose: str, point: str
) -> None:
    report = run(engine, purposes=[purpose], roles=["deployer"])
    basis = f"eu-ai-act:Article-5-1-{point}"
    assert tiers(report, "eu-ai-act") == {"eu-prohibited": [basis]}
    prohibition = requirement(report, basis)
    assert prohibition["status"] == "unmet" and prohibition["in_force"]
    assert prohibition["applies_from"] == "2025-02-02"


@pytest.mark.parametrize(
    ("purpose", "basis"),
    [
        ("remote-biometric-identification", "eu-ai-act:Annex-III-point-1-a"),
        ("critical-infrastructure-safety", "eu-ai-act:Annex-III-point-2"),
        ("exam-proctoring", "eu-ai-act:Annex-III-point-3-d"),
        ("recruitment", "eu-ai-act:Annex-III-point-4-a"),
        ("credit-scoring", "eu-ai-act:Annex-III-point-5-b"),
        ("law-enforcement-profiling", "eu-ai-act:Annex-III-point-6-e"),
        ("asylum-visa-examination", "eu-ai-act:Annex-III-point-7-c"),
        ("election-influence", "eu-ai-act:Annex-III-point-8-b"),
    ],
)
def test_each_annex_iii_area_makes_providers_meet_chapter_iii(
    engine: tuple[GapIndex, Validator], purpose: str, basis: str
) -> None:
    report = run(engine, purposes=[purpose])
    assert basis in tiers(report, "eu-ai-act")["eu-high-risk-annex-iii"]
    provider_duties = ids(report, "eu-ai-act")
    assert {"eu-ai-act:Article-9", "eu-ai-act:Article-14", "eu-ai-act:Article-43"} <= provider_duties
    # Article 49(1): "... a high-risk AI system listed in Annex III, with the exception of high-risk AI systems
    # referred to in point 2 of Annex III, the provider ... shall register themselves and their system"
    registers = purpose != "critical-infrastructure-safety"
    assert ("eu-ai-act:Article-49-1" in provider_duties) is registers
    assert not any(i.startswith("eu-ai-act:Article-26") for i in provider_duties)  # deployer duties
    art9 = requirement(report, "eu-ai-act:Article-9")
    assert art9["applies_from"] == "2027-12-02" and not art9["in_force"]
    assert "Article-16" in art9["applies_because"][0]["basis"][0]["id"]


@pytest.mark.parametrize(
    ("fields", "duty", "role"),
    [
        ({"purposes": ["chatbot"]}, "eu-ai-act:Article-50-1", "provider"),
        ({"purposes": ["synthetic-content-generation"]}, "eu-ai-act:Article-50-2", "provider"),
        (
            {"purposes": ["recommendation"], "capabilities": ["generative"]},
            "eu-ai-act:Article-50-2",
            "provider",
        ),
        ({"purposes": ["emotion-recognition"]}, "eu-ai-act:Article-50-3", "deployer"),
        ({"purposes": ["deepfake"]}, "eu-ai-act:Article-50-4", "deployer"),
        ({"purposes": ["public-interest-text-generation"]}, "eu-ai-act:Article-50-4", "deployer"),
    ],
)
def test_each_article_50_case_binds_the_right_actor(
    engine: tuple[GapIndex, Validator], fields: dict[str, list[str]], duty: str, role: str
) -> None:
    report = run(engine, roles=[role], **fields)
    assert "eu-transparency" in tiers(report, "eu-ai-act")
    assert requirement(report, duty)["applies_from"] == "2026-08-02"
    other = "deployer" if role == "provider" else "provider"
    assert duty not in ids(run(engine, roles=[other], **fields), "eu-ai-act")


def test_general_purpose_models_with_and_without_systemic_risk(engine: tuple[GapIndex, Validator]) -> None:
    plain = run(engine, capabilities=["general-purpose-model"])
    assert set(tiers(plain, "eu-ai-act")) == {"eu-gpai"}
    assert {"eu-ai-act:Article-53-1-a", "eu-ai-act:Article-53-1-d"} <= ids(plain, "eu-ai-act")
    assert not any("Article-55" in i for i in ids(plain, "eu-ai-act"))
    systemic = run(engine, capabilities=["general-purpose-model", "systemic-risk-model"])
    assert set(tiers(systemic, "eu-ai-act")) == {"eu-gpai", "eu-gpai-systemic"}
    assert {"eu-ai-act:Article-55-1-a", "eu-ai-act:Article-55-1-d", "eu-ai-act:Article-52"} <= ids(
        systemic, "eu-ai-act"
    )
    assert requirement(systemic, "eu-ai-act:Article-55-1-b")["applies_from"] == "2025-08-02"


def test_product_under_annex_i_takes_the_later_date(engine: tuple[GapIndex, Validator]) -> None:
    report = run(
        engine,
        purposes=["product-safety-component"],
        sectors=["medical-devices"],
        roles=["product-manufacturer"],
    )
    assert {"eu-ai-act:Article-6-1", "eu-ai-act:Annex-I-Section-A-point-11"} <= set(
        tiers(report, "eu-ai-act")["eu-high-risk-annex-i"]
    )
    art9 = requirement(report, "eu-ai-act:Article-9")
    assert art9["applies_from"] == "2028-08-02"
    assert art9["applies_because"][0]["basis"][0]["id"] == "eu-ai-act:Article-25"
    assert "eu-ai-act:Article-49-1" not in ids(report, "eu-ai-act")  # registration is for Annex III systems


def test_deployer_that_must_do_a_fundamental_rights_impact_assessment(
    engine: tuple[GapIndex, Validator],
) -> None:
    public = run(
        engine, purposes=["public-benefits-eligibility"], roles=["deployer"], entity_type="public-authority"
    )
    assert {"eu-ai-act:Article-27", "eu-ai-act:Article-26-8", "eu-ai-act:Article-49-3"} <= ids(
        public, "eu-ai-act"
    )
    # a private entity providing public services owes the assessment, not the public authorities' registration
    service = run(
        engine, purposes=["public-benefits-eligibility"], roles=["deployer"], capabilities=["public-body"]
    )
    assert "eu-ai-act:Article-27" in ids(service, "eu-ai-act")
    assert not {"eu-ai-act:Article-26-8", "eu-ai-act:Article-49-3"} & ids(service, "eu-ai-act")
    bank = run(engine, purposes=["credit-scoring"], roles=["deployer"])
    assert "eu-ai-act:Article-27" in ids(bank, "eu-ai-act")
    employer = run(engine, purposes=["recruitment"], roles=["deployer"])
    assert "eu-ai-act:Article-27" not in ids(employer, "eu-ai-act")
    assert "eu-ai-act:Article-26-6" in ids(employer, "eu-ai-act")


def test_system_not_placed_on_the_eu_market(engine: tuple[GapIndex, Validator]) -> None:
    report = run(engine, purposes=["recruitment"], markets=["US"])
    assert "eu-ai-act" not in report["classification"]
    assert not ids(report, "eu-ai-act")
    assert tiers(report, "nist-ai-rmf") == {"nist-voluntary": ["nist-ai-rmf"]}
    assert len(ids(report, "nist-ai-rmf")) == 72


def test_minimal_risk_still_owes_ai_literacy(engine: tuple[GapIndex, Validator]) -> None:
    report = run(engine, purposes=["spam-filtering"])
    assert set(tiers(report, "eu-ai-act")) == {"eu-minimal"}
    assert ids(report, "eu-ai-act") == {"eu-ai-act:Article-4"}


def test_japan_split_and_candidate_sector(engine: tuple[GapIndex, Validator]) -> None:
    user = run(
        engine, purposes=["credit-scoring"], roles=["ai-business-user"], markets=["JP"], sectors=["finance"]
    )
    assert set(tiers(user, "jp-sectors")) == {"jp-high-risk-sector"}
    part_5 = {"U-2-i", "U-3-i", "U-4-i", "U-5-i", "U-6-i", "U-7-i", "U-7-ii"}
    assert ids(user, "jp-aigfb") == {f"jp-aigfb:{n}" for n in [*range(1, 11), *part_5]}
    developer = run(engine, capabilities=["general-purpose-model"], roles=["ai-developer"], markets=["JP"])
    assert "jp-aigfb:XII" in ids(developer, "jp-aigfb")
    assert "jp-aigfb:XII" not in ids(user, "jp-aigfb")
    # an EU provider in Japan is an AI business actor, but not thereby a Japanese AI developer or provider:
    # the common principles apply, the per-actor Parts only with a Japanese role (roles are not merged)
    provider = run(engine, purposes=["recruitment"], roles=["provider"], markets=["JP"])
    assert ids(provider, "jp-aigfb") == {f"jp-aigfb:{n}" for n in range(1, 11)}


def test_coverage_reached_through_a_crosswalk(engine: tuple[GapIndex, Validator]) -> None:
    measure = {"id": "literacy", "addresses": ["jp-aigfb:8-1"], "status": "implemented"}
    report = run(engine, purposes=["spam-filtering"], measures=[measure])
    art4 = requirement(report, "eu-ai-act:Article-4")
    assert art4["status"] == "met"
    evidence = art4["evidence"][0]
    assert evidence["relationship"] == "equal" and evidence["measure"] == "literacy"
    assert evidence["asserted_by"] == "ai-crosswalk editors"


def test_partial_paths_and_planned_measures(engine: tuple[GapIndex, Validator]) -> None:
    measures = [
        {"id": "nist", "addresses": ["nist-ai-rmf:MAP-1.1"], "status": "implemented"},
        {"id": "log", "addresses": ["eu-ai-act:Article-12"], "status": "planned"},
        {"id": "part", "addresses": ["eu-ai-act:Article-26-6"], "status": "implemented"},
    ]
    report = run(engine, purposes=["recruitment"], roles=["provider", "deployer"], measures=measures)
    art9 = requirement(report, "eu-ai-act:Article-9")
    assert art9["status"] == "partial"  # NIST MAP 1.1 only intersects Article 9
    assert requirement(report, "eu-ai-act:Article-12")["status"] == "unmet"  # planned gives no credit
    assert requirement(report, "eu-ai-act:Article-26-6")["status"] == "met"


def test_as_of_decides_what_is_in_force(engine: tuple[GapIndex, Validator]) -> None:
    before = run(engine, as_of=date(2027, 12, 1), purposes=["recruitment"])
    after = run(engine, as_of=date(2027, 12, 2), purposes=["recruitment"])
    assert not requirement(before, "eu-ai-act:Article-9")["in_force"]
    assert requirement(after, "eu-ai-act:Article-9")["in_force"]
    in_force = [r["id"] for r in before["requirements"] if r["regime"] == "eu-ai-act" and r["in_force"]]
    assert in_force == ["eu-ai-act:Article-4"]  # AI literacy, from 2 February 2025
    assert before["summary"]["eu-ai-act"]["in_force"] == len(in_force)


@pytest.mark.parametrize("path", sorted(EXAMPLES.iterdir()), ids=lambda p: p.name)
def test_every_example_validates_and_yields_a_report(engine: tuple[GapIndex, Validator], path: Path) -> None:
    index, validator = engine
    media_type = "text/turtle" if path.suffix == ".ttl" else "application/json"
    report = report_json(
        analyse(index, validator.check(parse_description(path.read_bytes(), media_type)), AS_OF)
    )
    assert report["classification"] and report["requirements"]
    for counts in report["summary"].values():
        assert counts["applicable"] == counts["met"] + counts["partial"] + counts["unmet"]


def test_examples_span_every_tier(engine: tuple[GapIndex, Validator]) -> None:
    index, validator = engine
    seen: set[str] = set()
    for path in EXAMPLES.iterdir():
        media_type = "text/turtle" if path.suffix == ".ttl" else "application/json"
        report = report_json(
            analyse(index, validator.check(parse_description(path.read_bytes(), media_type)), AS_OF)
        )
        seen |= {c["tier"] for cs in report["classification"].values() for c in cs}
    assert {
        "eu-prohibited", "eu-high-risk-annex-i", "eu-high-risk-annex-iii", "eu-transparency", "eu-minimal",
        "eu-gpai", "eu-gpai-systemic", "jp-ai-business", "jp-advanced-ai", "jp-high-risk-sector",
        "g7-advanced-ai", "nist-voluntary",
    } <= seen  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field", "constraint"),
    [
        ({"purposes": ["recruiting"]}, "purposes", "Class"),
        ({"roles": []}, "roles", "MinCount"),
        ({"markets": ["Atlantis"]}, "markets", "Class"),
        ({"purposes": [], "capabilities": []}, "purposes", "Or"),
        ({"roles": [5]}, "roles", "NodeKind"),
        ({"lifecycle_stage": ["deployment", "retirement"]}, "lifecycle_stage", "MaxCount"),
        ({"measures": [{"id": "m", "addresses": ["nist-ai-rmf:GOVERN-9.9"], "status": "implemented"}]},
         "measures.addresses", "Class"),
        ({"measures": [{"id": "m", "addresses": ["eu-ai-act:Article-9"], "status": "done"}]},
         "measures.status", "In"),
    ],
)  # fmt: skip
def test_invalid_descriptions_name_field_and_rule(
    engine: tuple[GapIndex, Validator], change: dict[str, Any], field: str, constraint: str
) -> None:
    _, validator = engine
    document = {"id": "urn:example:x", "purposes": ["recruitment"], "roles": ["provider"], "markets": ["EU"]}
    with pytest.raises(InvalidDescriptionError) as caught:
        validator.check(parse_description(json.dumps({**document, **change})))
    assert (field, constraint) in {(i.field, i.constraint) for i in caught.value.issues}
    assert all(i.message and i.focus_node for i in caught.value.issues)


def test_missing_id_and_remote_context_are_refused(engine: tuple[GapIndex, Validator]) -> None:
    _, validator = engine
    with pytest.raises(InvalidDescriptionError) as caught:
        validator.check(
            parse_description(
                json.dumps({"purposes": ["recruitment"], "roles": ["provider"], "markets": ["EU"]})
            )
        )
    assert [(i.field, i.focus_node) for i in caught.value.issues] == [("id", "the system (no id)")]
    for context in ("http://127.0.0.1:9/context.jsonld", [{"@import": "http://127.0.0.1:9/c"}]):
        with pytest.raises(InvalidDescriptionError) as caught:
            parse_description(json.dumps({"@context": context, "id": "urn:x"}))
        assert caught.value.issues[0].constraint == "remote"
    with pytest.raises(InvalidDescriptionError):
        parse_description(b"{not json")
    with pytest.raises(InvalidDescriptionError):
        deep: Any = 1
        for _ in range(30):
            deep = [deep]
        parse_description(json.dumps({"id": "urn:x", "deep": deep}))


def test_regression_a_code_that_makes_no_valid_iri_is_a_422_not_a_crash(
    engine: tuple[GapIndex, Validator],
) -> None:
    """Schemathesis found `roles: {"}.Á%": 1}` crashing pyshacl (500); such IRIs are now refused up front."""
    _, validator = engine
    for bad in ({"roles": {"}.Á%": 1}}, {"markets": {"EU": {"a b": 2}}}):
        document = {
            "id": "urn:example:x",
            "purposes": ["recruitment"],
            "roles": ["provider"],
            "markets": ["EU"],
        }
        with pytest.raises(InvalidDescriptionError) as caught:
            validator.check(parse_description(json.dumps({**document, **bad})))
        # refused before RDF: a value object holds JSON-LD keywords only (the strict description contract)
        assert {i.constraint for i in caught.value.issues} == {"keyword"}
