"""Article 2 (scope) of the AI Act, clause by clause, and the Annex I Section B route it closes."""

from __future__ import annotations

from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS, Analyse
from lawkit import eu, eu_tiers, excluded_by

CAR = {
    "purposes": ["product-safety-component"],
    "sectors": ["motor-vehicles"],
    "conformity_assessment": "third-party",
}


def test_article_2_2_leaves_section_b_products_to_their_own_law(law: Analyse) -> None:
    """Article 2(2): "For AI systems classified as high-risk AI systems in accordance with Article 6(1) related to
    products covered by the Union harmonisation legislation listed in Section B of Annex I, only Article 6(1),
    Articles 102 to 109 and Article 112 apply." A car maker owes none of Articles 9-17, 43, 48, 49, 72, 73."""
    for sector in ("motor-vehicles", "rail", "marine-equipment", "civil-aviation", "agricultural-vehicles"):
        report = law(**{**CAR, "sectors": [sector]})
        assert eu_tiers(report) == {"eu-high-risk-annex-i"}, sector
        assert "eu-ai-act:Article-2-2" in excluded_by(report), sector
        assert not eu(report), sector


def test_article_2_2_keeps_other_grounds(law: Analyse) -> None:
    """Article 2(2) is about systems high-risk under Article 6(1); a vehicle system that is also an Annex III
    system (here biometric identification) keeps its Annex III duties."""
    report = law(**{**CAR, "purposes": ["product-safety-component", "remote-biometric-identification"]})
    assert "eu-ai-act:Article-9" in eu(report)
    assert "eu-ai-act:Article-2-2" not in excluded_by(report)


def test_section_a_products_keep_chapter_iii(law: Analyse) -> None:
    """Section A (New Legislative Framework) products stay under Chapter III: Article 2(2) names Section B only."""
    report = law(purposes=["product-safety-component"], sectors=["medical-devices"])
    assert {"eu-ai-act:Article-9", "eu-ai-act:Article-43", "eu-ai-act:Article-72"} <= eu(report)
    assert not excluded_by(report)


def test_article_2_13_sectoral_equivalence_needs_delegated_acts(law: Analyse) -> None:
    """Article 2(13), inserted by Regulation (EU) 2026/1744: for Article 6(1) systems "the application of specific
    requirements or obligations laid down in Articles 9 to 15 and 17 to 25 may be limited" where Section A legislation
    protects as much; "By 2 August 2027, the Commission shall adopt delegated acts ... specifying the high-risk AI
    systems concerned, the requirements or obligations that may be limited". No delegated act is recorded, so nothing
    is limited yet: a Section A product keeps every one of those duties."""
    device = {"purposes": ["product-safety-component"], "sectors": ["medical-devices"]}
    report = law(AFTER_OMNIBUS, **device)
    assert {f"eu-ai-act:Article-{n}" for n in (*range(9, 16), *range(17, 22))} <= eu(report)
    assert "eu-ai-act:Article-2-13" not in excluded_by(report)


def test_machinery_moved_to_section_b_by_the_omnibus(law: Analyse) -> None:
    """Regulation (EU) 2026/1744 deletes Directive 2006/42/EC from Annex I Section A and adds Regulation (EU)
    2023/1230 as Section B point 21; Article 2(2) then applies to machinery from 27 July 2026."""
    machine = {"purposes": ["product-safety-component"], "sectors": ["machinery"]}
    before, after = law(BEFORE_OMNIBUS, **machine), law(AFTER_OMNIBUS, **machine)
    assert "eu-ai-act:Article-9" in eu(before) and not excluded_by(before)
    assert "eu-ai-act:Article-2-2" in excluded_by(after) and not eu(after)


def test_article_2_3_military_defence_national_security(law: Analyse) -> None:
    """Article 2(3): "This Regulation does not apply to AI systems where and in so far they are placed on the
    market, put into service, or used with or without modification exclusively for military, defence or national
    security purposes"."""
    report = law(
        purposes=["remote-biometric-identification"], circumstances=["military-defence-national-security"]
    )
    assert "eu-ai-act:Article-2-3" in excluded_by(report) and not eu(report)
    assert not eu_tiers(report)  # not classified under a Regulation that does not apply


def test_a_section_b_product_keeps_its_article_6_1_classification(law: Analyse) -> None:
    """Article 2(2): for high-risk AI systems related to products of Annex I, Section B, "only Article 6(1), Articles
    102 to 109 and Article 112 apply": the classification of Article 6(1) does, so the tier stays while no duty does."""
    car = law(purposes=["product-safety-component"], sectors=["motor-vehicles"])
    assert eu_tiers(car) == {"eu-high-risk-annex-i"} and not eu(car)


def test_article_2_6_and_2_8_research(law: Analyse) -> None:
    """Article 2(6): not "AI systems or AI models ... specifically developed and put into service for the sole
    purpose of scientific research and development"; Article 2(8): not "any research, testing or development
    activity regarding AI systems or AI models prior to their being placed on the market"."""
    research = law(purposes=["recruitment"], circumstances=["scientific-research-only"])
    assert "eu-ai-act:Article-2-6" in excluded_by(research) and not eu(research)
    testing = law(purposes=["recruitment"], circumstances=["pre-market-research-testing"])
    assert "eu-ai-act:Article-2-8" in excluded_by(testing) and not eu(testing)


def test_article_2_10_personal_use(law: Analyse) -> None:
    """Article 2(10): "This Regulation does not apply to obligations of deployers who are natural persons using AI
    systems in the course of a purely personal non-professional activity." Providers keep their duties."""
    person = law(
        purposes=["emotion-recognition"], roles=["deployer"], circumstances=["personal-non-professional"]
    )
    assert "eu-ai-act:Article-2-10" in excluded_by(person) and not eu(person)
    maker = law(purposes=["chatbot"], roles=["provider"], circumstances=["personal-non-professional"])
    assert "eu-ai-act:Article-50-1" in eu(maker)


def test_article_2_12_open_source(law: Analyse) -> None:
    """Article 2(12): "This Regulation does not apply to AI systems released under free and open-source licences,
    unless they are placed on the market or put into service as high-risk AI systems or as an AI system that falls
    under Article 5 or 50.\""""
    plain = law(purposes=["spam-filtering"], licence="free-open-source")
    assert "eu-ai-act:Article-2-12" in excluded_by(plain) and not eu(plain)
    high_risk = law(purposes=["recruitment"], licence="free-open-source")
    assert "eu-ai-act:Article-9" in eu(high_risk) and not excluded_by(high_risk)
    chatbot = law(purposes=["chatbot"], licence="free-open-source")
    assert "eu-ai-act:Article-50-1" in eu(chatbot) and "eu-ai-act:Article-4" in eu(chatbot)
    banned = law(purposes=["social-scoring"], licence="free-open-source")
    assert "eu-ai-act:Article-5-1-c" in eu(banned)


def test_no_eu_market_no_eu_duties(law: Analyse) -> None:
    """Article 2(1): the Regulation applies to systems placed on the market, put into service or whose output is
    used in the Union; a system for the US alone gets no AI Act classification."""
    report = law(purposes=["recruitment"], markets=["US"])
    assert not eu_tiers(report) and not eu(report)


def test_article_2_8_does_not_cover_testing_in_real_world_conditions(law: Analyse) -> None:
    """Article 2(8): the Regulation "does not apply to any research, testing or development activity ... prior to their
    being placed on the market ... Testing in real world conditions shall not be covered by that exclusion"; Article
    60(1): such testing "may be conducted by providers or prospective providers of high-risk AI systems listed in
    Annex III, in accordance with this Article and the real-world testing plan"."""
    lab = law(purposes=["recruitment"], circumstances=["pre-market-research-testing"])
    assert "eu-ai-act:Article-2-8" in excluded_by(lab) and not eu(lab)
    field = law(purposes=["recruitment"], circumstances=["pre-market-research-testing", "real-world-testing"])
    assert "eu-ai-act:Article-2-8" not in excluded_by(field)
    assert "eu-ai-act:Article-60" in eu(field)
    assert "eu-ai-act:Article-60" not in eu(law(purposes=["recruitment"]))
