"""Article 6 (classification of high-risk systems) and the dates of Chapter III before and after 2026/1744."""

from __future__ import annotations

import pytest
from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS, Analyse
from lawkit import cited, eu, eu_tiers, requirement

CV = {"purposes": ["recruitment"]}


def test_recruitment_provider_dates_move_with_the_omnibus(law: Analyse) -> None:
    """Article 113 (2024): "It shall apply from 2 August 2026." As amended by 2026/1744, point (c)(i): Chapter
    III Sections 1 to 3 apply to systems classified high-risk under Article 6(2) and Annex III from 2 December
    2027. As of 1 June 2026 a recruitment system's provider duties apply from 2.8.2026; as of 1 September 2026,
    from 2.12.2027."""
    before = requirement(law(BEFORE_OMNIBUS, **CV), "eu-ai-act:Article-9")
    after = requirement(law(AFTER_OMNIBUS, **CV), "eu-ai-act:Article-9")
    assert before["applies_from"] == "2026-08-02"
    assert before["applies_from_basis"]["basis"] == "Article 113, second paragraph"
    assert after["applies_from"] == "2027-12-02" and not after["applies_from_basis"]["inferred"]
    assert "point (c)(i)" in after["applies_from_basis"]["basis"]
    assert "2026/1744" in after["applies_from_basis"]["basis"]


def test_section_5_and_post_market_dates_are_marked_inferred(law: Analyse) -> None:
    """The amended point (c) defers Chapter III Sections 1 to 3 only; Article 43 (Section 5) and Articles 72 and
    73 keep the general date by the letter, and the project infers that they bite with classification: the date
    carries inferred = true and says why."""
    conformity = requirement(law(AFTER_OMNIBUS, **CV), "eu-ai-act:Article-43")
    assert conformity["applies_from"] == "2027-12-02"
    assert conformity["applies_from_basis"]["inferred"] and conformity["applies_from_basis"]["note"]


def test_annex_i_route_takes_the_later_date(law: Analyse) -> None:
    """2024: "(c) Article 6(1) and the corresponding obligations in this Regulation shall apply from 2 August 2027"
    (which obligations correspond is the project's reading: inferred). 2026/1744, point (c)(ii): Sections 1 to 3
    apply to Article 6(1) systems from 2 August 2028."""
    device = {"purposes": ["product-safety-component"], "sectors": ["medical-devices"]}
    before = requirement(law(BEFORE_OMNIBUS, **device), "eu-ai-act:Article-9")
    assert before["applies_from"] == "2027-08-02" and before["applies_from_basis"]["inferred"]
    after = requirement(law(AFTER_OMNIBUS, **device), "eu-ai-act:Article-9")
    assert after["applies_from"] == "2028-08-02" and not after["applies_from_basis"]["inferred"]


def test_article_6_1_b_needs_third_party_conformity_assessment(law: Analyse) -> None:
    """Article 6(1)(b): high-risk only where "the product ... is required to undergo a third-party conformity
    assessment ... pursuant to the Union harmonisation legislation listed in Annex I"."""
    third_party = law(
        purposes=["product-safety-component"], sectors=["toys"], conformity_assessment="third-party"
    )
    assert eu_tiers(third_party) == {"eu-high-risk-annex-i"}
    internal = law(
        purposes=["product-safety-component"], sectors=["toys"], conformity_assessment="internal-control"
    )
    assert eu_tiers(internal) == {"eu-minimal"} and "eu-ai-act:Article-9" not in eu(internal)


@pytest.mark.parametrize(
    "condition",
    [
        "narrow-procedural-task",
        "improves-completed-human-activity",
        "detects-decision-patterns",
        "preparatory-task",
    ],
)
def test_article_6_3_derogation(law: Analyse, condition: str) -> None:
    """Article 6(3): an Annex III system "shall not be considered to be high-risk where it does not pose a
    significant risk of harm", points (a) to (d); 6(4): "A provider who considers that an AI system referred to in
    Annex III is not high-risk shall document its assessment ... Such provider shall be subject to the
    registration obligation set out in Article 49(2).\""""
    report = law(purposes=["credit-scoring"], circumstances=[condition])
    assert eu_tiers(report) == {"eu-annex-iii-not-high-risk"}
    assert {"eu-ai-act:Article-6-4", "eu-ai-act:Article-49-2"} <= eu(report)
    assert "eu-ai-act:Article-9" not in eu(report)


def test_article_6_3_profiling_is_always_high_risk(law: Analyse) -> None:
    """Article 6(3), third subparagraph: "an AI system referred to in Annex III shall always be considered to be
    high-risk where the AI system performs profiling of natural persons.\""""
    report = law(purposes=["credit-scoring"], circumstances=["preparatory-task"], capabilities=["profiling"])
    assert eu_tiers(report) == {"eu-high-risk-annex-iii"}
    assert "eu-ai-act:Article-6-3" in cited(
        requirement(report, "eu-ai-act:Article-9")
    ) or "eu-ai-act:Article-9" in eu(report)
    assert "eu-ai-act:Article-6-4" not in eu(report)


def test_legacy_high_risk_system_is_grandfathered(law: Analyse) -> None:
    """Article 111(2): the Regulation "shall apply to operators of high-risk AI systems ... placed on the market or
    put into service before 2 August 2026, only if, as from that date, those systems are subject to significant
    changes in their designs"."""
    old = law(BEFORE_OMNIBUS, purposes=["credit-scoring"], placed_on_market="2025-01-15")
    assert "eu-ai-act:Article-9" not in eu(old)
    changed = law(
        BEFORE_OMNIBUS,
        purposes=["credit-scoring"],
        placed_on_market="2025-01-15",
        circumstances=["significant-design-change"],
    )
    assert "eu-ai-act:Article-9" in eu(changed)


def test_legacy_public_authority_systems_by_2030(law: Analyse) -> None:
    """Article 111(2), second sentence: "providers and deployers of high-risk AI systems intended to be used by
    public authorities shall take the necessary steps to comply ... by 2 August 2030"."""
    report = law(
        AFTER_OMNIBUS,
        purposes=["public-benefits-eligibility"],
        placed_on_market="2025-01-15",
        circumstances=["intended-for-public-authorities"],
    )
    duty = requirement(report, "eu-ai-act:Article-9")
    assert duty["applies_from"] == "2030-08-02"
    assert duty["applies_from_basis"]["basis"] == "Article 111(2), second sentence"


def test_annex_iii_exclusions_by_purpose(law: Analyse) -> None:
    """Annex III, point 1(a) "shall not include AI systems intended to be used for biometric verification the sole
    purpose of which is to confirm that a specific natural person is the person he or she claims to be"; point 5(b)
    excepts "AI systems used for the purpose of detecting financial fraud"."""
    for purpose in ("biometric-verification", "financial-fraud-detection"):
        report = law(purposes=[purpose])
        assert "eu-high-risk-annex-iii" not in eu_tiers(report), purpose
        assert "eu-ai-act:Article-9" not in eu(report), purpose


def test_annex_x_components_by_end_of_2030(law: Analyse) -> None:
    """Article 111(1): components of the large-scale IT systems of Annex X "placed on the market or put into service
    before 2 August 2027 shall be brought into compliance with this Regulation by 31 December 2030"."""
    report = law(
        AFTER_OMNIBUS,
        purposes=["migration-risk-assessment"],
        placed_on_market="2025-01-01",
        circumstances=["annex-x-large-scale-it"],
    )
    duty = requirement(report, "eu-ai-act:Article-9")
    assert duty["applies_from"] == "2030-12-31" and duty["applies_from_basis"]["basis"] == "Article 111(1)"


def test_gap_report_says_no_harmonised_standard_gives_presumption_yet(law: Analyse) -> None:
    """Article 40(1): high-risk systems in conformity with harmonised standards whose references are published in
    the Official Journal are presumed to conform. None is cited yet: the report says so for Article 9."""
    article_9 = requirement(law(**CV), "eu-ai-act:Article-9")
    presumption = article_9["presumption_of_conformity"]
    assert presumption["available"] is False and "Official Journal" in presumption["note"]
    assert "presumption_of_conformity" not in requirement(law(**CV), "eu-ai-act:Article-4")


def test_public_authority_systems_placed_before_chapter_iii_applies(law: Analyse) -> None:
    """Article 111(2) as replaced by Regulation (EU) 2026/1744: systems "placed on the market or put into service
    before the date of application of Chapter III referred to in Article 113" and intended for public authorities
    comply "by 2 August 2030" (the cut-off read as 2 December 2027: inferred)."""
    report = law(AFTER_OMNIBUS, purposes=["public-benefits-eligibility"], placed_on_market="2027-01-15",
                 circumstances=["intended-for-public-authorities"])  # fmt: skip
    duty = requirement(report, "eu-ai-act:Article-9")
    assert duty["applies_from"] == "2030-08-02" and duty["applies_from_basis"]["inferred"]
    before = law(BEFORE_OMNIBUS, purposes=["public-benefits-eligibility"], placed_on_market="2027-01-15",
                 circumstances=["intended-for-public-authorities"])  # fmt: skip
    assert requirement(before, "eu-ai-act:Article-9")["applies_from"] == "2026-08-02"


def test_article_6_1a_non_safety_uses_are_not_safety_components(law: Analyse) -> None:
    """Article 6(1a), inserted by Regulation (EU) 2026/1744: "For the purposes of this Regulation, including paragraph
    1 of this Article, AI systems that are solely used for non-safety related aspects of user assistance, performance
    optimisation, service efficiency, automation or convenience or quality control shall not qualify as safety
    components." Before the amendment the 2024 text had no such paragraph."""
    lift = {
        "purposes": ["product-safety-component"],
        "sectors": ["lifts"],
        "circumstances": ["non-safety-functions-only"],
    }
    assert eu_tiers(law(AFTER_OMNIBUS, **lift)) == {"eu-minimal"}
    assert eu_tiers(law(BEFORE_OMNIBUS, **lift)) == {"eu-high-risk-annex-i"}
    # "including paragraph 1": the same reading for the safety components of Annex III, point 2.
    grid = {"purposes": ["critical-infrastructure-safety"], "circumstances": ["non-safety-functions-only"]}
    assert eu_tiers(law(AFTER_OMNIBUS, **grid)) == {"eu-minimal"}
    assert eu_tiers(law(BEFORE_OMNIBUS, **grid)) == {"eu-high-risk-annex-iii"}


def test_article_6_1b_failure_that_endangers_health_and_safety(law: Analyse) -> None:
    """Article 6(1b): "Notwithstanding paragraph 1a, AI systems the failure or malfunctioning of which would endanger
    health and safety shall qualify as safety components." Paragraph 1a speaks of safety components only: an AI system
    that "is itself a product" (Article 6(1)(a)) stays high-risk."""
    for extra in ("failure-endangers-health-safety", "ai-system-is-the-product"):
        report = law(
            AFTER_OMNIBUS,
            purposes=["product-safety-component"],
            sectors=["medical-devices"],
            circumstances=["non-safety-functions-only", extra],
        )
        assert eu_tiers(report) == {"eu-high-risk-annex-i"}, extra
        assert "eu-ai-act:Article-9" in eu(report)
    grid = law(
        AFTER_OMNIBUS,
        purposes=["critical-infrastructure-safety"],
        circumstances=["non-safety-functions-only", "failure-endangers-health-safety"],
    )
    assert eu_tiers(grid) == {"eu-high-risk-annex-iii"}


def test_article_6_1c_third_party_assessment_for_other_risks(law: Analyse) -> None:
    """Article 6(1c): "A product that is required to undergo a third-party conformity assessment solely due to risks
    other than risks to health and safety, in particular risks relating to the distribution of radio spectrum or
    electromagnetic interference that do not affect health and safety, shall not be considered as fulfilling the
    condition in paragraph 1, point (b).\""""
    radio = {
        "purposes": ["product-safety-component"],
        "sectors": ["radio-equipment"],
        "conformity_assessment": "third-party-non-safety-risks",
    }
    assert eu_tiers(law(AFTER_OMNIBUS, **radio)) == {"eu-minimal"}
    assert eu_tiers(law(BEFORE_OMNIBUS, **radio)) == {"eu-high-risk-annex-i"}
    safety = {**radio, "conformity_assessment": "third-party"}
    assert eu_tiers(law(AFTER_OMNIBUS, **safety)) == {"eu-high-risk-annex-i"}


def test_annex_iii_8_b_campaign_logistics(law: Analyse) -> None:
    """Annex III, point 8(b): systems intended to be used for influencing the outcome of an election or referendum;
    "This does not include AI systems to the output of which natural persons are not directly exposed, such as tools
    used to organise, optimise or structure political campaigns from an administrative or logistical point of view.\""""
    assert eu_tiers(law(purposes=["election-influence"])) == {"eu-high-risk-annex-iii"}
    logistics = law(purposes=["election-influence"], circumstances=["output-not-directly-exposed"])
    assert "eu-high-risk-annex-iii" not in eu_tiers(logistics)
    assert "eu-annex-iii-not-high-risk" not in eu_tiers(logistics)
    assert "eu-ai-act:Article-9" not in eu(logistics)


def test_article_6_1b_with_an_article_6_3_derogation(law: Analyse) -> None:
    """Article 6(1b): "Notwithstanding paragraph 1a, AI systems the failure or malfunctioning of which would endanger
    health and safety shall qualify as safety components." Article 6(3): an Annex III system "shall not be considered
    to be high-risk where it does not pose a significant risk of harm ... including by not materially influencing the
    outcome of decision making" where "(a) the AI system is intended to perform a narrow procedural task". A point 2
    system that paragraph 1b keeps a safety component, and that meets a 6(3) condition, needs both circumstances
    together (a conjunction): it is an Annex III system that is not high-risk, with Articles 6(4) and 49(2)."""
    both = law(
        AFTER_OMNIBUS,
        purposes=["critical-infrastructure-safety"],
        circumstances=[
            "non-safety-functions-only",
            "failure-endangers-health-safety",
            "narrow-procedural-task",
        ],
    )
    assert eu_tiers(both) == {"eu-annex-iii-not-high-risk"}
    assert {"eu-ai-act:Article-6-4", "eu-ai-act:Article-49-2"} <= eu(both)
    assert "eu-ai-act:Article-9" not in eu(both)
    # Without 6(1b) the non-safety use is no safety component at all (6(1a)): not an Annex III point 2 system.
    neither = law(
        AFTER_OMNIBUS,
        purposes=["critical-infrastructure-safety"],
        circumstances=["non-safety-functions-only", "narrow-procedural-task"],
    )
    assert eu_tiers(neither) == {"eu-minimal"}
    # Profiling would keep it high-risk whatever the derogation (Article 6(3), last subparagraph).
    profiling = law(
        AFTER_OMNIBUS,
        purposes=["critical-infrastructure-safety"],
        capabilities=["profiling"],
        circumstances=[
            "non-safety-functions-only",
            "failure-endangers-health-safety",
            "narrow-procedural-task",
        ],
    )
    assert eu_tiers(profiling) == {"eu-high-risk-annex-iii"}


def test_annex_iii_7_d_travel_document_verification(law: Analyse) -> None:
    """Annex III, point 7(d): "AI systems intended to be used by or on behalf of competent public authorities ... in
    the context of migration, asylum or border control management, for the purpose of detecting, recognising or
    identifying natural persons, with the exception of the verification of travel documents.\""""
    assert eu_tiers(law(purposes=["migration-person-identification"])) == {"eu-high-risk-annex-iii"}
    documents = law(
        purposes=["migration-person-identification"], circumstances=["travel-document-verification"]
    )
    assert not {"eu-high-risk-annex-iii", "eu-annex-iii-not-high-risk"} & eu_tiers(documents)
    assert "eu-ai-act:Article-9" not in eu(documents)


# Annex III, each lettered point, by the purpose code that reads on it: high-risk under Article 6(2), the provider
# owing Article 16's duties and the deployer Article 26's, never the other's.
ANNEX_III = {
    "remote-biometric-identification": "Annex-III-point-1-a",
    "biometric-categorisation": "Annex-III-point-1-b",
    "emotion-recognition": "Annex-III-point-1-c",
    "critical-infrastructure-safety": "Annex-III-point-2",
    "education-admission": "Annex-III-point-3-a",
    "learning-outcome-evaluation": "Annex-III-point-3-b",
    "education-level-assessment": "Annex-III-point-3-c",
    "exam-proctoring": "Annex-III-point-3-d",
    "recruitment": "Annex-III-point-4-a",
    "employment-decisions": "Annex-III-point-4-b",
    "public-benefits-eligibility": "Annex-III-point-5-a",
    "credit-scoring": "Annex-III-point-5-b",
    "life-health-insurance-pricing": "Annex-III-point-5-c",
    "emergency-call-triage": "Annex-III-point-5-d",
    "law-enforcement-victim-risk": "Annex-III-point-6-a",
    "law-enforcement-polygraph": "Annex-III-point-6-b",
    "law-enforcement-evidence-reliability": "Annex-III-point-6-c",
    "law-enforcement-offending-risk": "Annex-III-point-6-d",
    "law-enforcement-profiling": "Annex-III-point-6-e",
    "migration-polygraph": "Annex-III-point-7-a",
    "migration-risk-assessment": "Annex-III-point-7-b",
    "asylum-visa-examination": "Annex-III-point-7-c",
    "migration-person-identification": "Annex-III-point-7-d",
    "judicial-assistance": "Annex-III-point-8-a",
    "election-influence": "Annex-III-point-8-b",
}


@pytest.mark.parametrize("purpose", sorted(ANNEX_III))
def test_each_annex_iii_point_is_high_risk_for_provider_and_deployer(law: Analyse, purpose: str) -> None:
    """Article 6(2): "In addition to the high-risk AI systems referred to in paragraph 1, AI systems referred to in
    Annex III shall be considered to be high-risk." Article 16 binds "Providers of high-risk AI systems"; Article 26
    "Deployers of high-risk AI systems"."""
    provider = law(purposes=[purpose])
    assert eu_tiers(provider) == {"eu-high-risk-annex-iii"} | (
        {"eu-transparency"} if purpose in ("biometric-categorisation", "emotion-recognition") else set()
    )
    classified = {b["id"] for c in provider["classification"]["eu-ai-act"] for b in c["basis"]}
    assert f"eu-ai-act:{ANNEX_III[purpose]}" in classified
    assert {"eu-ai-act:Article-9", "eu-ai-act:Article-16-b", "eu-ai-act:Article-43"} <= eu(provider)
    assert "eu-ai-act:Article-26-1" not in eu(provider)
    deployer = law(purposes=[purpose], roles=["deployer"])
    assert {"eu-ai-act:Article-26-1", "eu-ai-act:Article-26-5"} <= eu(deployer)
    assert not {"eu-ai-act:Article-9", "eu-ai-act:Article-43"} & eu(deployer)
