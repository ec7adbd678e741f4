"""Article 50, paragraph by paragraph, provider versus deployer, with its exceptions; and Article 111(4)."""

from __future__ import annotations

from conftest import AFTER_OMNIBUS, BEFORE_OMNIBUS, Analyse
from lawkit import eu, eu_tiers, requirement


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


def test_article_111_2_grandfathered_high_risk_system_keeps_article_5_and_50_2(law: Analyse) -> None:
    """Article 111(2) as replaced by 2026/1744: "Without prejudice to the application of Article 5 ..., this Regulation
    shall apply to operators of high-risk AI systems, other than the systems referred to in paragraph 1 of this
    Article, that have been placed on the market or put into service before the date of application of Chapter III
    referred to in Article 113, only if, as from that date, those systems are subject to significant changes in their
    designs." Article 111(4): "Providers of AI systems, including general-purpose AI systems, generating synthetic
    audio, image, video or text content, that have been placed on the market before 2 August 2026 shall take the
    necessary steps in order to comply with Article 50(2) by 2 December 2026." Paragraph 4 makes no exception for
    high-risk systems: a grandfathered high-risk generator keeps Article 50(2) (from 2 December 2026); the rest of
    "this Regulation" (Article 50(1) and (4), Article 4) waits for a significant change in design."""
    legacy = {
        "purposes": ["recruitment", "synthetic-content-generation", "chatbot"],
        "placed_on_market": "2025-06-01",
    }
    report = law(**legacy)
    assert "eu-high-risk-annex-iii" in eu_tiers(report)
    assert eu(report) == {"eu-ai-act:Article-50-2"}
    marking = requirement(report, "eu-ai-act:Article-50-2")
    assert marking["applies_from"] == "2026-12-02"
    assert marking["applies_from_basis"]["basis"].startswith("Article 111(4)")
    # Article 5 is never grandfathered.
    assert "eu-ai-act:Article-5-1-c" in eu(law(purposes=["social-scoring"], placed_on_market="2025-06-01"))
    # Placed after 2 August 2026 but before Chapter III applies to Annex III systems (2 December 2027): still
    # grandfathered for Chapter III, and Article 50(2) binds from the start (no grace period to extend).
    later = law(**{**legacy, "placed_on_market": "2027-01-10"})
    assert "eu-ai-act:Article-9" not in eu(later)
    assert requirement(later, "eu-ai-act:Article-50-2")["applies_from"] == "2026-08-02"
    # A significant change in design brings the whole Regulation back.
    changed = law(**legacy, circumstances=["significant-design-change"])
    assert {"eu-ai-act:Article-9", "eu-ai-act:Article-50-1", "eu-ai-act:Article-4"} <= eu(changed)
    # Before the amendment there was no paragraph 4: the 2024 text kept Article 5 only.
    assert eu(law(BEFORE_OMNIBUS, **legacy)) == set()


def test_article_50_4_artistic_work_limits_the_disclosure(law: Analyse) -> None:
    """Article 50(4), first subparagraph: "Where the content forms part of an evidently artistic, creative, satirical,
    fictional or analogous work or programme, the transparency obligations set out in this paragraph are limited to
    disclosure of the existence of such generated or manipulated content in an appropriate manner that does not
    hamper the display or enjoyment of the work." Limited, not lifted: the duty stays, narrowed, and says so."""
    film = law(purposes=["deepfake"], roles=["deployer"], circumstances=["evidently-artistic-work"])
    duty = requirement(film, "eu-ai-act:Article-50-4")
    reasons = " ".join(a["rule"] for a in duty["applies_because"])
    assert "existence" in reasons and "does not hamper the display or enjoyment" in reasons
    assert "disclose that the content is artificial" not in reasons
    plain = requirement(law(purposes=["deepfake"], roles=["deployer"]), "eu-ai-act:Article-50-4")
    assert "existence" not in " ".join(a["rule"] for a in plain["applies_because"])
    # The criminal-offence exception still lifts it; the public-interest-text limb has no artistic limit.
    assert "eu-ai-act:Article-50-4" not in eu(
        law(
            purposes=["deepfake"],
            roles=["deployer"],
            circumstances=["evidently-artistic-work", "authorised-by-law-criminal-offences"],
        )
    )
    text = requirement(
        law(
            purposes=["public-interest-text-generation"],
            roles=["deployer"],
            circumstances=["evidently-artistic-work"],
        ),
        "eu-ai-act:Article-50-4",
    )
    assert "existence" not in " ".join(a["rule"] for a in text["applies_because"])
