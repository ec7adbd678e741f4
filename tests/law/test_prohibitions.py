"""Article 5 (prohibited practices), including the points Regulation (EU) 2026/1744 inserted, and their dates."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS, NOW, Analyse
from lawkit import eu, eu_tiers, requirement


@pytest.mark.parametrize(
    ("purpose", "point"),
    [("social-scoring", "c"), ("workplace-emotion-recognition", "f"), ("facial-image-scraping", "e")],
)
def test_article_5_practices_apply_from_february_2025(law: Analyse, purpose: str, point: str) -> None:
    """Article 113, third paragraph, point (a): "Chapters I and II shall apply from 2 February 2025"."""
    for role in ("provider", "deployer"):
        report = law(purposes=[purpose], roles=[role])
        ban = requirement(report, f"eu-ai-act:Article-5-1-{point}")
        assert eu_tiers(report) >= {"eu-prohibited"}
        assert ban["applies_from"] == "2025-02-02" and ban["in_force"]
        assert ban["applies_from_basis"]["basis"].startswith("Article 113, third paragraph, point (a)")


@pytest.mark.parametrize(
    ("purpose", "point"), [("non-consensual-intimate-imagery", "ba"), ("child-sexual-abuse-material", "bb")]
)
def test_omnibus_prohibitions_exist_from_july_and_apply_from_december_2026(
    law: Analyse, purpose: str, point: str
) -> None:
    """Regulation (EU) 2026/1744 inserts Article 5(1)(ba) ("an AI system that generates or manipulates realistic
    images, videos, audio or similar material of an identifiable natural person's intimate parts ... without that
    person's ... explicit consent") and (bb) (child sexual abuse material); Article 113, point (a), as replaced:
    they "shall apply from 2 December 2026". Before the amendment the law had no such point."""
    ban = f"eu-ai-act:Article-5-1-{point}"
    assert ban not in eu(law(BEFORE_OMNIBUS, purposes=[purpose]))
    pending = requirement(law(AFTER_OMNIBUS, purposes=[purpose]), ban)
    assert pending["applies_from"] == "2026-12-02" and not pending["in_force"]
    assert "2026/1744" in pending["applies_from_basis"]["basis"]
    assert not requirement(law(NOW, purposes=[purpose], roles=["deployer"]), ban)["in_force"]  # 29.11.2026
    assert requirement(law(date(2026, 12, 2), purposes=[purpose], roles=["deployer"]), ban)["in_force"]


def test_prohibitions_reach_systems_already_on_the_market(law: Analyse) -> None:
    """Article 111(2) is "without prejudice to the application of Article 5": a banned practice placed on the
    market in 2024 is still banned, while its high-risk duties are grandfathered."""
    report = law(purposes=["social-scoring", "credit-scoring"], placed_on_market="2024-10-01")
    assert "eu-ai-act:Article-5-1-c" in eu(report)
    assert "eu-ai-act:Article-9" not in eu(report)


def test_article_5_1_f_medical_or_safety_reasons(law: Analyse) -> None:
    """Article 5(1)(f) prohibits emotion recognition in the workplace and education "except where the use of the AI
    system is intended to be put in place or into the market for medical or safety reasons"."""
    assert "eu-ai-act:Article-5-1-f" in eu(law(purposes=["workplace-emotion-recognition"]))
    safety = law(purposes=["workplace-emotion-recognition"], circumstances=["medical-or-safety-reasons"])
    assert "eu-ai-act:Article-5-1-f" not in eu(safety)


def test_article_5_1_h_objectives_allow_use_under_paragraphs_2_and_3(law: Analyse) -> None:
    """Article 5(1)(h) prohibits real-time remote biometric identification for law enforcement "unless and in so far
    as such use is strictly necessary for one of the following objectives"; Article 5(2): the use "shall be authorised
    only if the law enforcement authority has completed a fundamental rights impact assessment as provided for in
    Article 27 and has registered the system in the EU database according to Article 49"."""
    purpose = ["realtime-remote-biometric-identification-law-enforcement"]
    banned = law(purposes=purpose, roles=["deployer"])
    assert "eu-ai-act:Article-5-1-h" in eu(banned)
    search = law(
        purposes=purpose,
        roles=["deployer"],
        entity_type="public-authority",
        circumstances=["article-5-1-h-objective"],
    )
    assert "eu-ai-act:Article-5-1-h" not in eu(search)
    assert "eu-high-risk-annex-iii" in eu_tiers(search)
    assert {
        "eu-ai-act:Article-5-2",
        "eu-ai-act:Article-5-3",
        "eu-ai-act:Article-27",
        "eu-ai-act:Article-49-3",
    } <= eu(search)


def test_article_5_4_each_use_notified(law: Analyse) -> None:
    """Article 5(4): "Without prejudice to paragraph 3, each use of a 'real-time' remote biometric identification system
    in publicly accessible spaces for law enforcement purposes shall be notified to the relevant market surveillance
    authority and the national data protection authority". The use (a deployer's) is notified; the provider is not
    addressed."""
    purpose = ["realtime-remote-biometric-identification-law-enforcement"]
    use = law(purposes=purpose, roles=["deployer"], circumstances=["article-5-1-h-objective"])
    assert "eu-ai-act:Article-5-4" in eu(use)
    assert "eu-ai-act:Article-5-4" not in eu(law(purposes=purpose, circumstances=["article-5-1-h-objective"]))
    assert "eu-ai-act:Article-5-4" not in eu(law(purposes=purpose, roles=["deployer"]))  # a banned use


def test_article_5_1a_foreseeable_generation_catches_providers_only(law: Analyse) -> None:
    """Article 5(1a)(a)(ii): placing on the market is prohibited where the system makes generating that material "a
    reasonably foreseeable and reproducible outcome ... and the system does not have reasonable and adequate technical
    safety measures"; (b): "the use ... is only prohibited where the deployer uses the system for the purpose"."""
    fields = {
        "purposes": ["synthetic-content-generation"],
        "circumstances": ["foreseeable-intimate-imagery-without-safeguards"],
    }
    provider = law(AFTER_OMNIBUS, **fields)
    assert {"eu-ai-act:Article-5-1-ba", "eu-ai-act:Article-5-1-bb"} <= eu(provider)
    assert not {"eu-ai-act:Article-5-1-ba"} & eu(law(AFTER_OMNIBUS, roles=["deployer"], **fields))
    assert "eu-ai-act:Article-5-1-ba" not in eu(law(BEFORE_OMNIBUS, **fields))


def test_article_5_1_f_excepted_system_is_still_annex_iii_emotion_recognition(law: Analyse) -> None:
    """Article 5(1)(f) excepts emotion recognition at work "intended to be put in place or into the market for medical
    or safety reasons"; what is left is an emotion recognition system: Annex III, point 1(c), "AI systems intended to
    be used for emotion recognition", and Article 50(3): "Deployers of an emotion recognition system ... shall
    inform the natural persons exposed thereto"."""
    report = law(
        purposes=["workplace-emotion-recognition"],
        circumstances=["medical-or-safety-reasons"],
        roles=["deployer"],
    )
    assert eu_tiers(report) == {"eu-high-risk-annex-iii"}
    assert {"eu-ai-act:Article-26-1", "eu-ai-act:Article-50-3"} <= eu(report)
    assert "eu-ai-act:Article-5-1-f" not in eu(report)


def test_article_5_1_g_law_enforcement_labelling_of_biometric_datasets(law: Analyse) -> None:
    """Article 5(1)(g): "this prohibition does not cover any labelling or filtering of lawfully acquired biometric
    datasets, such as images, based on biometric data or categorizing of biometric data in the area of law
    enforcement"; such a system categorises by sensitive attributes, Annex III, point 1(b)."""
    purpose = ["biometric-categorisation-sensitive"]
    assert "eu-ai-act:Article-5-1-g" in eu(law(purposes=purpose))
    labelling = law(purposes=purpose, circumstances=["law-enforcement-biometric-dataset-labelling"])
    assert "eu-ai-act:Article-5-1-g" not in eu(labelling)
    assert eu_tiers(labelling) == {"eu-high-risk-annex-iii"}
    assert "eu-ai-act:Article-9" in eu(labelling)


def test_article_5_1_d_support_of_a_human_assessment_on_facts(law: Analyse) -> None:
    """Article 5(1)(d) prohibits crime-risk assessment "based solely on the profiling of a natural person"; "this
    prohibition shall not apply to AI systems used to support the human assessment of the involvement of a person in
    a criminal activity, which is already based on objective and verifiable facts directly linked to a criminal
    activity" (then Annex III, point 6(d))."""
    purpose = ["predictive-policing-profiling"]
    assert "eu-ai-act:Article-5-1-d" in eu(law(purposes=purpose))
    support = law(purposes=purpose, circumstances=["supports-human-assessment-on-facts"])
    assert "eu-ai-act:Article-5-1-d" not in eu(support)
    assert eu_tiers(support) == {"eu-high-risk-annex-iii"}


def test_article_5_binds_whoever_places_the_system_on_the_market(law: Analyse) -> None:
    """Article 5(1) prohibits "the placing on the market, the putting into service or the use"; an importer is the
    person "that places on the market an AI system that bears the name or trademark of a natural or legal person
    established in a third country" (Article 3(6)); product manufacturers place it "together with their product and
    under their own name or trademark" (Article 2(1)(e)). A distributor only makes it available (Article 3(7))."""
    for role in ("importer", "product-manufacturer"):
        assert "eu-ai-act:Article-5-1-c" in eu(law(purposes=["social-scoring"], roles=[role])), role
    assert "eu-ai-act:Article-5-1-c" not in eu(law(purposes=["social-scoring"], roles=["distributor"]))


def test_article_5_1_h_prohibits_the_use_not_the_placing_on_the_market(law: Analyse) -> None:
    """Article 5(1)(h) prohibits "the use of 'real-time' remote biometric identification systems in publicly
    accessible spaces for the purposes of law enforcement" (points (a) to (g) also prohibit "the placing on the
    market"); its provider places a remote biometric identification system, Annex III, point 1(a), on the market."""
    purpose = ["realtime-remote-biometric-identification-law-enforcement"]
    provider = law(purposes=purpose)
    assert "eu-ai-act:Article-5-1-h" not in eu(provider)
    assert eu_tiers(provider) == {"eu-high-risk-annex-iii"}
    assert {"eu-ai-act:Article-9", "eu-ai-act:Article-49-1"} <= eu(provider)
    assert "eu-ai-act:Article-5-1-h" in eu(law(purposes=purpose, roles=["deployer"]))
