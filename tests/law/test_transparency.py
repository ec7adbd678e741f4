"""Article 50, paragraph by paragraph, provider versus deployer, with its exceptions; and Article 111(4)."""

from __future__ import annotations

from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS, Analyse
from lawkit import eu, requirement


def test_article_50_1_interaction_and_its_exceptions(law: Analyse) -> None:
    """Article 50(1): providers inform people they are interacting with an AI system "unless this is obvious ...
    This obligation shall not apply to AI systems authorised by law to detect, prevent, investigate or prosecute
    criminal offences"."""
    assert "eu-ai-act:Article-50-1" in eu(law(purposes=["chatbot"]))
    assert "eu-ai-act:Article-50-1" not in eu(law(purposes=["chatbot"], roles=["deployer"]))
    for exception in ("obvious-ai-interaction", "authorised-by-law-criminal-offences"):
        assert "eu-ai-act:Article-50-1" not in eu(law(purposes=["chatbot"], circumstances=[exception]))


def test_article_50_2_marking_and_its_exceptions(law: Analyse) -> None:
    """Article 50(2): providers of systems "generating synthetic audio, image, video or text content, shall ensure
    that the outputs ... are marked"; it "shall not apply to the extent the AI systems perform an assistive function
    for standard editing ... or where authorised by law"."""
    assert "eu-ai-act:Article-50-2" in eu(law(purposes=["synthetic-content-generation"]))
    assert "eu-ai-act:Article-50-2" in eu(law(purposes=["recommendation"], capabilities=["generative"]))
    assert "eu-ai-act:Article-50-2" not in eu(
        law(purposes=["synthetic-content-generation"], roles=["deployer"])
    )
    editor = law(purposes=["synthetic-content-generation"], circumstances=["assistive-editing"])
    assert "eu-ai-act:Article-50-2" not in eu(editor)


def test_article_111_4_grace_for_generators_already_on_the_market(law: Analyse) -> None:
    """Article 111(4), inserted by 2026/1744: "Providers of AI systems ... generating synthetic audio, image, video or
    text content, that have been placed on the market before 2 August 2026 shall take the necessary steps in order
    to comply with Article 50(2) by 2 December 2026." Before the amendment: 2 August 2026, like every system."""
    old = {"purposes": ["synthetic-content-generation"], "placed_on_market": "2025-05-01"}
    assert requirement(law(BEFORE_OMNIBUS, **old), "eu-ai-act:Article-50-2")["applies_from"] == "2026-08-02"
    graced = requirement(law(AFTER_OMNIBUS, **old), "eu-ai-act:Article-50-2")
    assert graced["applies_from"] == "2026-12-02"
    assert graced["applies_from_basis"]["basis"].startswith("Article 111(4)")
    new = requirement(
        law(AFTER_OMNIBUS, purposes=["synthetic-content-generation"], placed_on_market="2026-08-20"),
        "eu-ai-act:Article-50-2",
    )
    assert new["applies_from"] == "2026-08-02"
    chatbot = requirement(
        law(AFTER_OMNIBUS, purposes=["chatbot"], placed_on_market="2025-05-01"), "eu-ai-act:Article-50-1"
    )
    assert chatbot["applies_from"] == "2026-08-02"  # the grace is for Article 50(2) only


def test_article_50_3_emotion_recognition_deployers(law: Analyse) -> None:
    """Article 50(3): "Deployers of an emotion recognition system or a biometric categorisation system shall inform
    the natural persons exposed thereto"; not where "permitted by law to detect, prevent or investigate criminal
    offences"."""
    assert "eu-ai-act:Article-50-3" in eu(law(purposes=["emotion-recognition"], roles=["deployer"]))
    assert "eu-ai-act:Article-50-3" not in eu(law(purposes=["emotion-recognition"], roles=["provider"]))
    police = law(
        purposes=["emotion-recognition"],
        roles=["deployer"],
        circumstances=["authorised-by-law-criminal-offences"],
    )
    assert "eu-ai-act:Article-50-3" not in eu(police)


def test_article_50_4_deep_fakes_and_public_interest_text(law: Analyse) -> None:
    """Article 50(4): deployers disclose deep fakes; and AI-generated text published to inform the public, unless
    "the AI-generated content has undergone a process of human review or editorial control and where a natural or
    legal person holds editorial responsibility for the publication"."""
    assert "eu-ai-act:Article-50-4" in eu(law(purposes=["deepfake"], roles=["deployer"]))
    assert "eu-ai-act:Article-50-4" in eu(
        law(purposes=["public-interest-text-generation"], roles=["deployer"])
    )
    newsroom = law(
        purposes=["public-interest-text-generation"],
        roles=["deployer"],
        circumstances=["human-editorial-control"],
    )
    assert "eu-ai-act:Article-50-4" not in eu(newsroom)
    studio = law(purposes=["deepfake"], roles=["deployer"], circumstances=["human-editorial-control"])
    assert "eu-ai-act:Article-50-4" in eu(studio)  # editorial control excuses text, not deep fakes


def test_article_50_1_public_crime_reporting_keeps_the_duty(law: Analyse) -> None:
    """Article 50(1): the duty "shall not apply to AI systems authorised by law to detect, prevent, investigate or
    prosecute criminal offences, subject to appropriate safeguards for the rights and freedoms of third parties,
    unless those systems are available for the public to report a criminal offence"."""
    police = ["authorised-by-law-criminal-offences"]
    assert "eu-ai-act:Article-50-1" not in eu(law(purposes=["chatbot"], circumstances=police))
    hotline = law(purposes=["chatbot"], circumstances=[*police, "public-crime-reporting"])
    assert "eu-ai-act:Article-50-1" in eu(hotline)
    obvious = law(
        purposes=["chatbot"], circumstances=[*police, "public-crime-reporting", "obvious-ai-interaction"]
    )
    assert "eu-ai-act:Article-50-1" not in eu(obvious)
    assert "eu-ai-act:Article-50-1" not in eu(law(purposes=["chatbot"], roles=["deployer"],
                                                  circumstances=["public-crime-reporting"]))  # fmt: skip


def test_article_50_2_binds_providers_of_public_interest_text_generators(law: Analyse) -> None:
    """Article 50(2): "Providers of AI systems ... generating synthetic audio, image, video or text content, shall
    ensure that the outputs ... are marked"; a system generating the text of Article 50(4), second subparagraph,
    generates synthetic text (the disclosure of 50(4) is the deployer's)."""
    provider = law(purposes=["public-interest-text-generation"])
    assert "eu-ai-act:Article-50-2" in eu(provider) and "eu-ai-act:Article-50-4" not in eu(provider)
    deployer = law(purposes=["public-interest-text-generation"], roles=["deployer"])
    assert "eu-ai-act:Article-50-4" in eu(deployer) and "eu-ai-act:Article-50-2" not in eu(deployer)
