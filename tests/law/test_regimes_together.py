"""A generative-AI model provider on the EU, Japanese and US markets: the AI Act, the GPAI Code of Practice, NIST
AI 600-1 and Japan's per-actor matters all apply, and a measure taken for one gives credit in the others."""

from __future__ import annotations

from conftest import NOW, Analyse


def test_generative_provider_across_regimes(law: Analyse) -> None:
    report = law(
        NOW,
        capabilities=["general-purpose-model", "generative"],
        purposes=["synthetic-content-generation"],
        roles=["provider", "ai-developer"],
        markets=["EU", "JP", "US"],
        measures=[
            {"id": "model-docs", "addresses": ["eu-ai-act:Article-53-1-a"], "status": "implemented"},
            {"id": "privacy-eval", "addresses": ["nist-ai-rmf:MEASURE-2.7"], "status": "implemented"},
        ],
    )
    summary = report["summary"]
    for regime in ("eu-ai-act", "eu-gpai-cop", "nist-ai-600-1", "jp-aigfb"):
        assert summary[regime]["applicable"] > 0, regime
    by_id = {r["id"]: r for r in report["requirements"]}
    assert by_id["eu-ai-act:Article-53-1-a"]["status"] == "met"
    credited = {
        r["regime"]
        for r in report["requirements"]
        if r["status"] != "unmet" and any(e.get("mapping") for e in r["evidence"])
    }
    assert {"eu-gpai-cop", "nist-ai-600-1", "jp-aigfb"} <= credited  # reached through crosswalks
    japanese = {r["id"] for r in report["requirements"] if r["regime"] == "jp-aigfb"}
    assert any(i.startswith("jp-aigfb:D-") for i in japanese)  # Part 3, the AI developers' matters
