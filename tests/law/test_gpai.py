"""Chapter V (general-purpose AI models): Articles 53, 54, 55, their open-source exceptions, and Article 111(3)."""

from __future__ import annotations

from conftest import Analyse
from lawkit import eu, eu_tiers, excluded_by, requirement

MODEL = {"capabilities": ["general-purpose-model"]}


def test_article_53_1_every_gpai_provider(law: Analyse) -> None:
    """Article 53(1): providers of general-purpose AI models (a) draw up technical documentation, (b) information for
    downstream providers, (c) a copyright policy, (d) a training-content summary; Article 113(b): from 2 August 2025."""
    report = law(**MODEL)
    assert eu_tiers(report) == {"eu-gpai"}
    points = {f"eu-ai-act:Article-53-1-{p}" for p in "abcd"}
    assert points <= eu(report)
    assert requirement(report, "eu-ai-act:Article-53-1-a")["applies_from"] == "2025-08-02"


def test_article_53_2_and_54_6_open_source(law: Analyse) -> None:
    """Article 53(2): "The obligations set out in paragraph 1, points (a) and (b), shall not apply to providers of AI
    models that are released under a free and open-source licence ... This exception shall not apply to
    general-purpose AI models with systemic risks." Article 54(6): likewise the authorised representative."""
    open_model = law(**MODEL, licence="free-open-source")
    assert not {"eu-ai-act:Article-53-1-a", "eu-ai-act:Article-53-1-b"} & eu(open_model)
    assert {"eu-ai-act:Article-53-1-c", "eu-ai-act:Article-53-1-d"} <= eu(open_model)
    assert "eu-ai-act:Article-53" in excluded_by(open_model)
    rep = law(**MODEL, licence="free-open-source", roles=["authorised-representative"])
    assert "eu-ai-act:Article-54" not in eu(rep)
    systemic = law(capabilities=["general-purpose-model", "systemic-risk-model"], licence="free-open-source")
    assert {"eu-ai-act:Article-53-1-a", "eu-ai-act:Article-55-1-a"} <= eu(systemic)


def test_article_55_systemic_risk(law: Analyse) -> None:
    """Article 55(1): providers of general-purpose AI models with systemic risk evaluate the model, assess and
    mitigate systemic risks, report serious incidents and ensure cybersecurity; Article 52 notification."""
    report = law(capabilities=["general-purpose-model", "systemic-risk-model"])
    assert eu_tiers(report) == {"eu-gpai", "eu-gpai-systemic"}
    assert {f"eu-ai-act:Article-55-1-{p}" for p in "abcd"} | {"eu-ai-act:Article-52"} <= eu(report)


def test_article_111_3_models_already_on_the_market(law: Analyse) -> None:
    """Article 111(3): "Providers of general-purpose AI models that have been placed on the market before 2 August
    2025 shall take the necessary steps in order to comply with the obligations laid down in this Regulation by
    2 August 2027.\""""
    old = requirement(law(**MODEL, placed_on_market="2024-03-01"), "eu-ai-act:Article-53-1-a")
    assert old["applies_from"] == "2027-08-02" and old["applies_from_basis"]["basis"] == "Article 111(3)"
    new = requirement(law(**MODEL, placed_on_market="2025-09-01"), "eu-ai-act:Article-53-1-a")
    assert new["applies_from"] == "2025-08-02"


def test_article_4_binds_providers_and_deployers_of_ai_systems_not_of_a_model_only(law: Analyse) -> None:
    """Article 4(1) as replaced by 2026/1744: "Providers and deployers of AI systems shall take measures to support
    the development of AI literacy of their staff and other persons dealing with the operation and use of AI systems
    on their behalf ... This obligation does not require providers or deployers to guarantee any specific level of AI
    literacy of any individual." A general-purpose AI model (Article 3(63)) is not an AI system: its provider as such
    owes Chapter V, not Article 4; once it also provides an AI system, it does."""
    literacy = "eu-ai-act:Article-4"
    assert literacy not in eu(law(**MODEL))
    assert literacy not in eu(law(capabilities=["systemic-risk-model"]))
    assert literacy in eu(law(**MODEL, purposes=["chatbot"]))
    assert literacy in eu(law(**MODEL, purposes=["spam-filtering"]))
    assert literacy in eu(law(capabilities=["general-purpose-model", "generative"]))
    assert literacy in eu(law(purposes=["spam-filtering"]))
    assert literacy in eu(law(purposes=["spam-filtering"], roles=["deployer"]))
    assert literacy not in eu(law(purposes=["recruitment"], roles=["importer"]))
