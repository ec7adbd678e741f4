"""The regimes besides the AI Act, each against its own text: who it addresses, from when, and what it is (a law, a
voluntary guideline or framework, a code of practice, a list of candidate sectors, a standardisation request).

Japan: the AI Guidelines for Business (Ver1.1 English provisional translation; Ver1.0 of 19 April 2024 to Ver1.2 of
31 March 2026), Act No. 53 of 2025 and the eight candidate sectors; the G7 Hiroshima Process Code of Conduct and the
OECD HAIP reporting framework; NIST AI RMF 1.0 and NIST AI 600-1; the General-Purpose AI Code of Practice (10 July
2025); M/593 and M/613 and the standards serving them."""

from __future__ import annotations

from datetime import date
from typing import Any

from conftest import NOW, Analyse

JP_COMMON = {f"jp-aigfb:{n}" for n in range(1, 11)}
JP_DEVELOPER = {
    "jp-aigfb:D-2-i", "jp-aigfb:D-2-ii", "jp-aigfb:D-2-iii", "jp-aigfb:D-3-i", "jp-aigfb:D-3-ii", "jp-aigfb:D-5-i",
    "jp-aigfb:D-5-ii", "jp-aigfb:D-6-i", "jp-aigfb:D-6-ii", "jp-aigfb:D-7-i", "jp-aigfb:D-7-ii", "jp-aigfb:D-10-i",
}  # fmt: skip
JP_PROVIDER = {
    "jp-aigfb:P-2-i", "jp-aigfb:P-2-ii", "jp-aigfb:P-3-i", "jp-aigfb:P-4-i", "jp-aigfb:P-4-ii", "jp-aigfb:P-5-i",
    "jp-aigfb:P-5-ii", "jp-aigfb:P-6-i", "jp-aigfb:P-6-ii", "jp-aigfb:P-7-i", "jp-aigfb:P-7-ii",
}  # fmt: skip
JP_USER = {
    "jp-aigfb:U-2-i", "jp-aigfb:U-3-i", "jp-aigfb:U-4-i", "jp-aigfb:U-5-i", "jp-aigfb:U-6-i", "jp-aigfb:U-7-i",
    "jp-aigfb:U-7-ii",
}  # fmt: skip
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
JP_PART_2_D = {f"jp-aigfb:{n}" for n in ROMAN}
JP_CODE_MATTERS = {f"jp-aigfb:Part-3-{n}" for n in ROMAN[:11]}
G7_ACTIONS = {f"g7-hcoc:Action-{n}" for n in range(1, 12)}
HAIP_SECTIONS = {f"oecd-haip:Section-{n}" for n in range(1, 8)}
COP_TRANSPARENCY = {f"eu-gpai-cop:Transparency-Measure-1.{n}" for n in (1, 2, 3)}
COP_COPYRIGHT = {f"eu-gpai-cop:Copyright-Measure-1.{n}" for n in (1, 2, 3, 4, 5)}


def ids(report: dict[str, Any], regime: str) -> set[str]:
    return {r["id"] for r in report["requirements"] if r["regime"] == regime}


def tiers(report: dict[str, Any], regime: str) -> set[str]:
    return {c["tier"] for c in report["classification"].get(regime, [])}


def one(report: dict[str, Any], short: str) -> dict[str, Any]:
    found = [r for r in report["requirements"] if r["id"] == short]
    assert found, f"{short} does not apply"
    return found[0]


def regime_dates(report: dict[str, Any], regime: str) -> set[tuple[str | None, bool]]:
    return {(r["applies_from"], r["in_force"]) for r in report["requirements"] if r["regime"] == regime}


# ---------------------------------------------------------------- Japan: AI Guidelines for Business


def test_jp_developer_of_a_general_purpose_generative_model(law: Analyse) -> None:
    """Part 2 C: the common guiding principles concern every AI business actor; Part 3: "The matters important for
    AI developers are shown below" (D-2) i. to D-7) ii.) and "The matters at which AI developers are expected to
    make efforts" (D-10) i.); Parts 4 and 5 are for AI providers and AI business users, not for a developer."""
    report = law(roles=["ai-developer"], markets=["JP"], capabilities=["general-purpose-model", "generative"])
    found = ids(report, "jp-aigfb")
    assert found >= JP_COMMON | JP_DEVELOPER
    assert not (JP_PROVIDER | JP_USER) & found
    assert "jp-ai-act:Article-7" in ids(report, "jp-ai-act")
    # Japan only: no AI Act, and the NIST profile is offered on the US market only (tier nist-voluntary).
    assert not ids(report, "eu-ai-act") and not ids(report, "nist-ai-600-1")


def test_jp_developer_of_advanced_ai_adds_part_2_d_and_the_code_of_conduct(law: Analyse) -> None:
    """Part 3: "AI developers who develop advanced AI systems should comply with 'D. Common Guiding Principles for
    AI business actors involved in advanced AI systems' in Part 2 and the 'Hiroshima Process International Code of
    Conduct for Organizations Developing Advanced AI Systems'" (the matters I. to XI. it adds)."""
    report = law(roles=["ai-developer"], markets=["JP"], capabilities=["advanced-ai"])
    assert "jp-advanced-ai" in tiers(report, "jp-aigfb")
    assert ids(report, "jp-aigfb") >= JP_PART_2_D | JP_CODE_MATTERS


def test_jp_provider_and_user_of_advanced_ai_take_part_2_d_within_the_appropriate_scope(law: Analyse) -> None:
    """Parts 4 and 5: "AI providers [AI business users] who handle advanced AI systems should comply with 'D.
    Common Guiding Principles ...' in Part 2 as follows: I) to XI): Comply with them within the appropriate scope.
    XII): Comply with it." The Code of Conduct matters of Part 3 are the developers' only."""
    for role, own in (("ai-provider", JP_PROVIDER), ("ai-business-user", JP_USER)):
        report = law(roles=[role], markets=["JP"], capabilities=["advanced-ai"])
        found = ids(report, "jp-aigfb")
        assert JP_PART_2_D | own | JP_COMMON <= found, role
        assert not JP_CODE_MATTERS & found and not JP_DEVELOPER & found, role


def test_jp_business_user_deploying_a_chatbot(law: Analyse) -> None:
    """Part 1: an AI business user is one of the "business operators who use AI systems or AI services in their
    businesses"; Part 5: "The matters important for AI business users are shown below" (U-2) i. to U-7) ii.). Not
    an organisation developing advanced AI systems, so neither the G7 Code nor the HAIP framework reaches it."""
    report = law(roles=["ai-business-user"], markets=["JP"], purposes=["chatbot"])
    assert ids(report, "jp-aigfb") == JP_COMMON | JP_USER
    assert ids(report, "jp-ai-act") == {"jp-ai-act:Article-7"}
    assert not ids(report, "g7-hcoc") and not ids(report, "oecd-haip")
    assert "jp-advanced-ai" not in tiers(report, "jp-aigfb")


def test_jp_non_business_users_are_outside_the_guideline_and_article_7(law: Analyse) -> None:
    """Part 1: "the Guidelines are not intended for those who use AI for non-business activities"; Act No. 53 of
    2025, Article 7 binds those who "utilize ... artificial intelligence-related technology in their business
    activities". A developer is a business operator by definition ("Business operators who develop AI systems")."""
    personal = law(roles=["ai-business-user"], markets=["JP"], purposes=["chatbot"],
                   circumstances=["personal-non-professional"])  # fmt: skip
    assert not ids(personal, "jp-aigfb") and not ids(personal, "jp-ai-act")
    assert "jp-aigfb" not in personal["classification"]
    developer = law(roles=["ai-developer"], markets=["JP"], purposes=["chatbot"],
                    circumstances=["personal-non-professional"])  # fmt: skip
    assert ids(developer, "jp-aigfb") >= JP_DEVELOPER


def test_jp_guideline_versions_and_from_when(law: Analyse) -> None:
    """Ver1.0 was published on 19 April 2024 (MIC and METI), updated as Ver1.01 (November 2024), Ver1.1 (28 March
    2025) and Ver1.2 (31 March 2026). The guideline is voluntary and sets no date of application: its matters are
    offered from Ver1.0's publication (an inferred date); before Ver1.0 the guideline did not exist, so a report
    leaves it out."""
    fields = {"roles": ["ai-business-user"], "markets": ["JP"], "purposes": ["chatbot"]}
    labels = {
        date(2024, 6, 1): "Ver1.0",
        date(2024, 12, 15): "Ver1.01",
        date(2025, 6, 1): "Ver1.1",
        NOW: "Ver1.2",
    }
    for day, label in labels.items():
        report = law(as_of=day, **fields)
        assert label + " " in report["versions"]["jp-aigfb"]["label"], day
        assert regime_dates(report, "jp-aigfb") == {("2024-04-19", True)}, day
    basis = one(law(**fields), "jp-aigfb:U-2-i")["applies_from_basis"]
    assert basis["inferred"] is True and "Ver1.0" in basis["basis"]
    # Before its first version a regime does not exist: none of it is in the report (it used to list them as not yet in
    # force, read from the first version; app.crosswalk.versions.Timeline.as_of).
    before = law(as_of=date(2024, 3, 1), **fields)
    assert not ids(before, "jp-aigfb") and "jp-aigfb" not in before["classification"]
    assert "jp-aigfb" not in before["versions"] and "jp-aigfb" not in before["summary"]


# ---------------------------------------------------------------- Japan: Act No. 53 of 2025


def test_jp_ai_act_article_7_binds_utilization_business_operators_from_promulgation(law: Analyse) -> None:
    """Article 7: "Any person who intends to develop or provide products or services that utilize artificial
    intelligence-related technology, or other persons who intend to utilize other artificial intelligence-related
    technology in their business activities ... must cooperate with the measures implemented by the national
    government under the provisions of Article 4 and by a local government under the provisions of Article 5".
    Supplementary Provisions, Article 1: in force on promulgation (4 June 2025), Chapters III and IV later (1
    September 2025). Every other article binds the state, local governments, R&D institutes or citizens."""
    for roles in (["ai-developer"], ["ai-provider"], ["ai-business-user"], ["deployer"], ["provider"]):
        report = law(roles=roles, markets=["JP"], purposes=["chatbot"])
        assert ids(report, "jp-ai-act") == {"jp-ai-act:Article-7"}, roles
        article = one(report, "jp-ai-act:Article-7")
        assert article["applies_from"] == "2025-06-04" and article["in_force"]
        assert "Supplementary Provisions, Article 1" in article["applies_from_basis"]["basis"]
    # Promulgated 4 June 2025: on 1 May 2025 the Act was not law, so nothing of it applies (it used to list Article 7
    # as not yet in force, read from the Act's first version; app.crosswalk.versions.Timeline.as_of).
    before = law(as_of=date(2025, 5, 1), roles=["ai-business-user"], markets=["JP"], purposes=["chatbot"])
    assert not ids(before, "jp-ai-act") and "jp-ai-act" not in before["classification"]
    elsewhere = law(roles=["ai-business-user"], markets=["EU"], purposes=["chatbot"])
    assert not ids(elsewhere, "jp-ai-act") and not ids(elsewhere, "jp-ai-basic-plan")


# ---------------------------------------------------------------- Japan: the eight candidate sectors


def test_jp_candidate_sectors_classify_but_bind_no_one(law: Analyse) -> None:
    """Tabe et al., NEC Technical Journal Vol.17 No.2 (June 2024), section 2.3: individual rules for eight high-risk
    sectors (government, finance, energy, transportation, traffic, telecommunications, broadcasting, medical) are
    being considered: candidates, not a rule in force, so the tier names the sector and brings no requirement."""
    for sectors, sector in (
        (["finance"], "finance"),
        (["medical"], "medical"),
        (["medical-devices"], "medical"),
    ):
        report = law(roles=["ai-business-user"], markets=["JP"], purposes=["chatbot"], sectors=sectors)
        [entry] = report["classification"]["jp-sectors"]
        assert entry["tier"] == "jp-high-risk-sector" and "candidate" in entry["label"]
        assert {b["id"] for b in entry["basis"]} == {f"jp-sectors:{sector}"}
        assert not ids(report, "jp-sectors") and "jp-sectors" not in report["summary"]
    outside = law(roles=["deployer"], markets=["EU"], purposes=["chatbot"], sectors=["finance"])
    assert "jp-sectors" not in outside["classification"]


def test_eu_and_jp_provider_of_a_medical_device_ai(law: Analyse) -> None:
    """AI Act Article 6(1) and Annex I, Section A, point 11 (medical devices): high-risk in the Union. In Japan the
    medical sector is a candidate only, and an EU role is not a Japanese one (Part 1 names AI developers, AI
    providers and AI business users): the provider that says it is an AI provider gets Part 4."""
    fields = {
        "purposes": ["product-safety-component"],
        "sectors": ["medical-devices"],
        "markets": ["EU", "JP"],
    }
    eu_only_role = law(roles=["provider"], **fields)
    assert "eu-high-risk-annex-i" in tiers(eu_only_role, "eu-ai-act")
    assert tiers(eu_only_role, "jp-sectors") == {"jp-high-risk-sector"}
    assert ids(eu_only_role, "jp-aigfb") == JP_COMMON
    both = law(roles=["provider", "ai-provider"], **fields)
    assert ids(both, "jp-aigfb") == JP_COMMON | JP_PROVIDER


# ---------------------------------------------------------------- G7 Hiroshima Code of Conduct and OECD HAIP


def test_g7_code_addresses_organisations_developing_advanced_ai(law: Analyse) -> None:
    """The Code of Conduct "will provide voluntary guidance for actions by organizations developing the most
    advanced AI systems, including the most advanced foundation models and generative AI systems (henceforth
    'advanced AI systems')": its eleven actions for such a developer, none for an organisation that only deploys,
    provides or uses one."""
    developer = law(roles=["ai-developer"], markets=["US"], capabilities=["advanced-ai"])
    assert ids(developer, "g7-hcoc") == G7_ACTIONS
    assert tiers(developer, "g7-hcoc") == {"g7-advanced-ai"}
    for roles in (["deployer"], ["ai-business-user"], ["ai-provider"], ["deployer", "ai-business-user"]):
        user = law(roles=roles, markets=["EU", "JP", "US"], capabilities=["advanced-ai", "generative"])
        assert not ids(user, "g7-hcoc") and "g7-hcoc" not in user["classification"], roles
        assert not ids(user, "oecd-haip"), roles
    ordinary = law(roles=["ai-developer"], markets=["US"], purposes=["recruitment"])
    assert not ids(ordinary, "g7-hcoc")


def test_haip_reporting_is_voluntary_for_code_organisations_from_its_launch(law: Analyse) -> None:
    """AI Guidelines for Business, Part 3: "A 'reporting framework' for AI developers to voluntarily verify and report
    their compliance with the 'Code of Conduct' ... has been operated since February 2025 ... AI developers who
    develop advanced AI systems in compliance with the 'Code of Conduct' are expected to participate". The OECD
    launched it on 7 February 2025; version 2.0 on 28 May 2026."""
    fields = {"roles": ["ai-developer"], "markets": ["JP"], "capabilities": ["advanced-ai"]}
    report = law(**fields)
    assert ids(report, "oecd-haip") == HAIP_SECTIONS
    assert regime_dates(report, "oecd-haip") == {("2025-02-07", True)}
    assert all("Voluntary" in a["rule"] for a in one(report, "oecd-haip:Section-1")["applies_because"])
    assert "version 2.0" in report["versions"]["oecd-haip"]["label"]
    launch_year = law(as_of=date(2025, 3, 1), **fields)
    assert "version 1 " in launch_year["versions"]["oecd-haip"]["label"]
    # Before its first version a regime does not exist: none of it is in the report (it used to list them as not yet in
    # force, read from the first version; app.crosswalk.versions.Timeline.as_of).
    before = law(as_of=date(2025, 1, 15), **fields)
    assert not ids(before, "oecd-haip") and ids(before, "g7-hcoc") == G7_ACTIONS


# ---------------------------------------------------------------- NIST AI RMF and AI 600-1


def test_us_deployer_of_a_hiring_tool_gets_the_ai_rmf_not_the_genai_profile(law: Analyse) -> None:
    """AI RMF 1.0: "The AI RMF is intended to be voluntary, rights-preserving, non-sector-specific, and use-case
    agnostic" and is for AI actors across the lifecycle, deployers included: its 72 subcategories. NIST AI 600-1 is
    "a cross-sectoral profile of ... the AI RMF 1.0 for Generative AI": not for a system that generates nothing."""
    report = law(roles=["deployer"], markets=["US"], purposes=["recruitment"])
    found = ids(report, "nist-ai-rmf")
    assert len(found) == 72 and {"nist-ai-rmf:GOVERN-1.1", "nist-ai-rmf:MEASURE-4.3"} <= found
    assert tiers(report, "nist-ai-rmf") == {"nist-voluntary"}
    assert not ids(report, "nist-ai-600-1") and "nist-ai-600-1" not in report["classification"]
    assert not ids(report, "eu-ai-act") and not ids(report, "jp-aigfb")


def test_genai_profile_for_generative_systems_from_july_2024(law: Analyse) -> None:
    """NIST AI 600-1 (July 2024), released as final on 26 July 2024: its suggested actions (GV-1.1-001 ...) for a
    generative system, whichever AI actor runs it; before the release the profile did not exist."""
    for roles in (["deployer"], ["provider"], ["ai-developer"]):
        report = law(roles=roles, markets=["US"], capabilities=["generative"])
        found = ids(report, "nist-ai-600-1")
        assert "nist-ai-600-1:GV-1.1-001" in found and len(found) > 200, roles
        assert regime_dates(report, "nist-ai-600-1") == {("2024-07-26", True)}
    # Before its first version a regime does not exist: none of it is in the report (it used to list them as not yet in
    # force, read from the first version; app.crosswalk.versions.Timeline.as_of).
    before = law(as_of=date(2024, 6, 1), roles=["deployer"], markets=["US"], capabilities=["generative"])
    assert not ids(before, "nist-ai-600-1") and "nist-ai-600-1" not in before["classification"]
    assert len(ids(before, "nist-ai-rmf")) == 72  # the AI RMF 1.0 (26 January 2023) already was


# ---------------------------------------------------------------- General-Purpose AI Code of Practice


def test_gpai_code_chapters_by_model(law: Analyse) -> None:
    """The Code's Transparency and Copyright chapters are for providers of general-purpose AI models, its Safety and
    Security chapter for providers of models with systemic risk ("Signatories commit to adopting a state-of-the-art
    Safety and Security Framework"); a deployer signs nothing."""
    model = law(roles=["provider"], markets=["EU"], capabilities=["general-purpose-model"])
    found = ids(model, "eu-gpai-cop")
    assert found == COP_TRANSPARENCY | COP_COPYRIGHT
    systemic = law(
        roles=["provider"], markets=["EU"], capabilities=["general-purpose-model", "systemic-risk-model"]
    )
    safety = {i for i in ids(systemic, "eu-gpai-cop") if i.startswith("eu-gpai-cop:Safety-and-Security")}
    assert ids(systemic, "eu-gpai-cop") >= COP_TRANSPARENCY | COP_COPYRIGHT and len(safety) == 32
    deployer = law(roles=["deployer"], markets=["EU"], capabilities=["general-purpose-model"])
    assert not ids(deployer, "eu-gpai-cop")
    assert all(
        "Voluntary" in a["rule"] for a in one(model, "eu-gpai-cop:Copyright-Measure-1.1")["applies_because"]
    )


def test_gpai_code_transparency_follows_article_53_2_for_open_source_models(law: Analyse) -> None:
    """Transparency, Commitment 1: "In order to fulfil the obligations in Article 53(1), points (a) and (b), AI
    Act, Signatories commit to drawing up and keeping up-to-date model documentation"; Article 53(2) AI Act: "The
    obligations set out in paragraph 1, points (a) and (b), shall not apply to providers of AI models that are
    released under a free and open-source licence ... This exception shall not apply to general-purpose AI models
    with systemic risks." The copyright policy (Article 53(1)(c)) stays."""
    open_model = law(roles=["provider"], markets=["EU"], capabilities=["general-purpose-model"],
                     licence="free-open-source")  # fmt: skip
    assert ids(open_model, "eu-gpai-cop") == COP_COPYRIGHT
    open_systemic = law(roles=["provider"], markets=["EU"], licence="free-open-source",
                        capabilities=["general-purpose-model", "systemic-risk-model"])  # fmt: skip
    assert ids(open_systemic, "eu-gpai-cop") >= COP_TRANSPARENCY | COP_COPYRIGHT


def test_gpai_code_from_its_publication(law: Analyse) -> None:
    """The Code's final version was published by the Commission on 10 July 2025; before that the Code did not exist
    (the AI Act obligations it serves apply from 2 August 2025, Article 113, point (b))."""
    fields = {"roles": ["provider"], "markets": ["EU"], "capabilities": ["general-purpose-model"]}
    assert regime_dates(law(**fields), "eu-gpai-cop") == {("2025-07-10", True)}
    # Before its first version a regime does not exist: none of it is in the report (it used to list them as not yet in
    # force, read from the first version; app.crosswalk.versions.Timeline.as_of).
    assert not ids(law(as_of=date(2025, 7, 1), **fields), "eu-gpai-cop")


# ---------------------------------------------------------------- M/593, M/613 and the standards


def test_standardisation_request_and_standards_are_not_requirements(law: Analyse) -> None:
    """M/593 and M/613 ask CEN and CENELEC for standards; they oblige no system. AI Act Article 40(1): systems "which
    are in conformity with harmonised standards or parts thereof the references of which have been published in
    the Official Journal of the European Union ... shall be presumed to be in conformity" - none is cited yet."""
    report = law(
        purposes=["recruitment"],
        measures=[
            {"id": "m1", "addresses": ["standards:ISO-IEC-42001", "m593:Item-1"], "status": "implemented"}
        ],
    )
    regimes = {r["regime"] for r in report["requirements"]} | set(report["classification"])
    assert not regimes & {"m593", "standards"}
    presumption = one(report, "eu-ai-act:Article-9")["presumption_of_conformity"]
    assert presumption["available"] is False and "Article 40(1)" in presumption["note"]


# ---------------------------------------------------------------- follow-ups: the Act's own tier, G7 and NIST in time


def test_jp_ai_act_classifies_utilization_business_operators_in_its_own_tier(law: Analyse) -> None:
    """Act No. 53 of 2025, Article 7: "Any person who intends to develop or provide products or services that utilize
    artificial intelligence-related technology, or other persons who intend to utilize other artificial
    intelligence-related technology in their business activities (referred to below as a "utilization business
    operator")"; Article 2 defines "artificial intelligence-related technology". The Act is law, not the voluntary AI
    Guidelines for Business: its tier is its own, jp-ai-act-business-operator, while the guideline keeps
    jp-ai-business."""
    for roles in (["ai-developer"], ["ai-provider"], ["ai-business-user"]):
        report = law(roles=roles, markets=["JP"], purposes=["chatbot"])
        assert tiers(report, "jp-ai-act") == {"jp-ai-act-business-operator"}, roles
        assert tiers(report, "jp-aigfb") == {"jp-ai-business"}, roles
        (operator,) = report["classification"]["jp-ai-act"]
        assert operator["label"] == "Japan: utilization business operator (Act No. 53 of 2025)"
        assert [b["id"] for b in operator["basis"]] == ["jp-ai-act:Article-7"]
        assert one(report, "jp-ai-act:Article-7")["in_force"]
    # "in their business activities": a purely personal user is no operator, a developer always is.
    personal = law(roles=["ai-business-user"], markets=["JP"], purposes=["chatbot"],
                   circumstances=["personal-non-professional"])  # fmt: skip
    assert "jp-ai-act" not in personal["classification"]
    developer = law(roles=["ai-developer"], markets=["JP"], purposes=["chatbot"],
                    circumstances=["personal-non-professional"])  # fmt: skip
    assert tiers(developer, "jp-ai-act") == {"jp-ai-act-business-operator"}


def test_g7_code_and_ai_rmf_exist_from_their_publication(law: Analyse) -> None:
    """NIST AI 100-1, "Artificial Intelligence Risk Management Framework (AI RMF 1.0)", January 2023, released on
    26 January 2023; the Hiroshima Process International Code of Conduct, published with the G7 Leaders' Statement
    of 30 October 2023. Neither sets a date of application: each is offered from its publication (inferred), and
    before it does not exist, so a report dated earlier leaves it out."""
    fields = {"roles": ["ai-developer"], "markets": ["US"], "capabilities": ["advanced-ai"],
              "purposes": ["recruitment"]}  # fmt: skip
    early = law(as_of=date(2022, 12, 31), **fields)
    assert not ids(early, "nist-ai-rmf") and not ids(early, "g7-hcoc")
    assert not {"nist-ai-rmf", "g7-hcoc"} & (set(early["classification"]) | set(early["versions"]))
    between = law(as_of=date(2023, 6, 1), **fields)
    assert len(ids(between, "nist-ai-rmf")) == 72 and not ids(between, "g7-hcoc")
    for day in (date(2024, 1, 1), date(2024, 12, 31), NOW):
        report = law(as_of=day, **fields)
        assert len(ids(report, "nist-ai-rmf")) == 72 and ids(report, "g7-hcoc") == G7_ACTIONS, day
        assert regime_dates(report, "nist-ai-rmf") == {("2023-01-26", True)}, day
        assert regime_dates(report, "g7-hcoc") == {("2023-10-30", True)}, day
        assert report["versions"]["nist-ai-rmf"]["in_force_from"] == "2023-01-26"
        assert report["versions"]["g7-hcoc"]["in_force_from"] == "2023-10-30"
    basis = one(law(**fields), "g7-hcoc:Action-1")["applies_from_basis"]
    assert basis["inferred"] is True and "30 October 2023" in basis["basis"]
    basis = one(law(**fields), "nist-ai-rmf:GOVERN-1.1")["applies_from_basis"]
    assert basis["inferred"] is True and "26 January 2023" in basis["basis"]
