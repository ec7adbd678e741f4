"""Who owes what in Chapter III: Articles 16 and 22-27, 25 (who becomes a provider), 26(8), 27(1), 49 and 86."""

from __future__ import annotations

from conftest import Analyse
from lawkit import cited, eu, excluded_by, requirement

PROVIDER_DUTIES = {
    "eu-ai-act:Article-9",
    "eu-ai-act:Article-17",
    "eu-ai-act:Article-43",
    "eu-ai-act:Article-72",
}


def test_each_operator_gets_its_own_article(law: Analyse) -> None:
    """Article 16 (providers), 22 (authorised representatives), 23 (importers), 24 (distributors), 26 (deployers)
    of a high-risk AI system: each role its own duties, none the provider's."""
    expected = {
        "authorised-representative": "eu-ai-act:Article-22",
        "importer": "eu-ai-act:Article-23",
        "distributor": "eu-ai-act:Article-24",
        "deployer": "eu-ai-act:Article-26-1",
    }
    for role, duty in expected.items():
        duties = eu(law(purposes=["recruitment"], roles=[role]))
        assert duty in duties, role
        assert not PROVIDER_DUTIES & duties, role
    assert eu(law(purposes=["recruitment"], roles=["provider"])) >= PROVIDER_DUTIES


def test_article_25_1_third_party_becomes_provider(law: Analyse) -> None:
    """Article 25(1): "Any distributor, importer, deployer or other third-party shall be considered to be a
    provider of a high-risk AI system ... and shall be subject to the obligations of the provider under Article 16"
    where (a) they put their name or trademark on it, (b) make a substantial modification, (c) modify its intended
    purpose so that it becomes high-risk."""
    for circumstance in ("own-name-or-trademark", "substantial-modification", "changed-intended-purpose"):
        report = law(purposes=["recruitment"], roles=["distributor"], circumstances=[circumstance])
        assert eu(report) >= PROVIDER_DUTIES, circumstance
        basis = {
            b["id"] for a in requirement(report, "eu-ai-act:Article-9")["applies_because"] for b in a["basis"]
        }
        assert "eu-ai-act:Article-25" in basis


def test_article_26_8_and_49_3_bind_public_deployers_only(law: Analyse) -> None:
    """Article 26(8): "Deployers of high-risk AI systems that are public authorities, or Union institutions, bodies,
    offices or agencies shall comply with the registration obligations referred to in Article 49." Article 49(3):
    such deployers register their use of Annex III systems, "with the exception of high-risk AI systems listed in
    point 2 of Annex III"."""
    public = {"eu-ai-act:Article-26-8", "eu-ai-act:Article-49-3"}
    assert public <= eu(law(purposes=["recruitment"], roles=["deployer"], entity_type="public-authority"))
    assert public <= eu(law(purposes=["recruitment"], roles=["deployer"], entity_type="union-body"))
    assert not public & eu(law(purposes=["recruitment"], roles=["deployer"], entity_type="private-entity"))
    assert not public & eu(law(purposes=["recruitment"], roles=["deployer"]))
    grid = eu(
        law(purposes=["critical-infrastructure-safety"], roles=["deployer"], entity_type="public-authority")
    )
    assert "eu-ai-act:Article-49-3" not in grid


def test_article_27_1_fundamental_rights_impact_assessment(law: Analyse) -> None:
    """Article 27(1): "Prior to deploying a high-risk AI system referred to in Article 6(2), with the exception of
    high-risk AI systems intended to be used in the area listed in point 2 of Annex III, deployers that are bodies
    governed by public law, or are private entities providing public services, and deployers of high-risk AI systems
    referred to in points 5 (b) and (c) of Annex III, shall perform an assessment"."""
    fria = "eu-ai-act:Article-27"
    for entity in ("body-governed-by-public-law", "private-public-services", "public-authority"):
        assert fria in eu(law(purposes=["education-admission"], roles=["deployer"], entity_type=entity)), (
            entity
        )
    assert fria not in eu(
        law(purposes=["education-admission"], roles=["deployer"], entity_type="private-entity")
    )
    for purpose in ("credit-scoring", "life-health-insurance-pricing"):
        assert fria in eu(law(purposes=[purpose], roles=["deployer"], entity_type="private-entity")), purpose
    grid = law(
        purposes=["critical-infrastructure-safety"], roles=["deployer"], entity_type="public-authority"
    )
    assert fria not in eu(grid)
    device = law(
        purposes=["product-safety-component"],
        sectors=["medical-devices"],
        roles=["deployer"],
        entity_type="public-authority",
    )
    assert fria not in eu(device)  # Article 6(1) systems are not "referred to in Article 6(2)"


def test_article_49_1_registration_excludes_annex_iii_point_2(law: Analyse) -> None:
    """Article 49(1): providers register Annex III systems "with the exception of high-risk AI systems referred to
    in point 2 of Annex III"; Annex I systems are not registered in the EU database at all."""
    assert "eu-ai-act:Article-49-1" in eu(law(purposes=["recruitment"]))
    assert "eu-ai-act:Article-49-1" not in eu(law(purposes=["critical-infrastructure-safety"]))
    assert "eu-ai-act:Article-49-1" not in eu(law(purposes=["product-safety-component"], sectors=["lifts"]))


def test_article_86_explanation_excludes_point_2(law: Analyse) -> None:
    """Article 86(1): the right to an explanation concerns "a high-risk AI system listed in Annex III, with the
    exception of systems listed under point 2 thereof"."""
    assert "eu-ai-act:Article-86" in eu(law(purposes=["credit-scoring"], roles=["deployer"]))
    assert "eu-ai-act:Article-86" not in eu(
        law(purposes=["critical-infrastructure-safety"], roles=["deployer"])
    )


def test_third_country_providers_appoint_a_representative(law: Analyse) -> None:
    """Article 22(1): "Prior to making their high-risk AI systems available on the Union market, providers established
    in third countries shall, by written mandate, appoint an authorised representative"; Article 54(1) likewise for
    general-purpose AI models."""
    assert "eu-ai-act:Article-22" in eu(
        law(purposes=["recruitment"], circumstances=["established-in-third-country"])
    )
    assert "eu-ai-act:Article-22" not in eu(law(purposes=["recruitment"]))
    model = law(capabilities=["general-purpose-model"], circumstances=["established-in-third-country"])
    assert "eu-ai-act:Article-54" in eu(model)


def test_article_26_7_binds_employers_at_the_workplace(law: Analyse) -> None:
    """Article 26(7): "Before putting into service or using a high-risk AI system at the workplace, deployers who are
    employers shall inform workers' representatives and the affected workers"."""
    assert "eu-ai-act:Article-26-7" in eu(law(purposes=["recruitment"], roles=["deployer"]))
    assert "eu-ai-act:Article-26-7" not in eu(law(purposes=["credit-scoring"], roles=["deployer"]))
    at_work = law(purposes=["exam-proctoring"], roles=["deployer"], circumstances=["used-at-workplace"])
    assert "eu-ai-act:Article-26-7" in eu(at_work)


def test_article_26_10_only_in_a_targeted_criminal_investigation(law: Analyse) -> None:
    """Article 26(10): "in the framework of an investigation for the targeted search of a person suspected or
    convicted of having committed a criminal offence, the deployer of a high-risk AI system for post-remote biometric
    identification shall request an authorisation"; other deployers of remote biometric identification do not."""
    rbi = {"purposes": ["remote-biometric-identification"], "roles": ["deployer"]}
    assert "eu-ai-act:Article-26-10" not in eu(law(**rbi))
    assert "eu-ai-act:Article-26-1" in eu(law(**rbi))
    police = law(**rbi, entity_type="public-authority", circumstances=["post-rbi-criminal-investigation"])
    assert "eu-ai-act:Article-26-10" in eu(police)


def test_article_16_a_section_2_includes_article_8(law: Analyse) -> None:
    """Article 16(a): providers "ensure that their high-risk AI systems are compliant with the requirements set out in
    Section 2", which opens with Article 8(1): "High-risk AI systems shall comply with the requirements laid down in
    this Section"."""
    provider = eu(law(purposes=["recruitment"]))
    assert {f"eu-ai-act:Article-{n}" for n in range(8, 16)} <= provider
    assert "eu-ai-act:Article-8" not in eu(law(purposes=["recruitment"], roles=["deployer"]))


def test_article_6_4_is_the_providers_and_49_2_also_the_representatives(law: Analyse) -> None:
    """Article 6(4): "A provider who considers that an AI system referred to in Annex III is not high-risk shall
    document its assessment"; Article 49(2): "that provider or, where applicable, the authorised representative shall
    register themselves and that system in the EU database"."""
    derogated = {"purposes": ["credit-scoring"], "circumstances": ["preparatory-task"]}
    assert {"eu-ai-act:Article-6-4", "eu-ai-act:Article-49-2"} <= eu(law(**derogated))
    representative = eu(law(**derogated, roles=["authorised-representative"]))
    assert "eu-ai-act:Article-49-2" in representative and "eu-ai-act:Article-6-4" not in representative


def test_article_49_4_secure_section_for_points_1_6_and_7(law: Analyse) -> None:
    """Article 49(4): "For high-risk AI systems referred to in points 1, 6 and 7 of Annex III, in the areas of law
    enforcement, migration, asylum and border control management, the registration referred to in paragraphs 1, 2
    and 3 of this Article shall be in a secure non-public section of the EU database referred to in Article 71"."""
    secure = "eu-ai-act:Article-49-4"
    for purpose in ("law-enforcement-profiling", "migration-risk-assessment", "asylum-visa-examination"):
        assert secure in eu(law(purposes=[purpose])), purpose
        assert secure in eu(law(purposes=[purpose], roles=["deployer"], entity_type="public-authority")), (
            purpose
        )
        assert secure not in eu(law(purposes=[purpose], roles=["deployer"])), purpose  # no 49(3) registration
    # Point 1 only "in the areas of law enforcement, migration, asylum and border control management".
    assert secure not in eu(law(purposes=["remote-biometric-identification"]))
    assert secure in eu(
        law(purposes=["remote-biometric-identification"], circumstances=["law-enforcement-migration-area"])
    )
    # Paragraph 2 registrations too (an Article 6(3) system of point 6).
    assert secure in eu(law(purposes=["law-enforcement-profiling"], circumstances=["preparatory-task"]))
    # Other points register in the public EU database.
    assert secure not in eu(law(purposes=["recruitment"]))
    # A third party that became the provider of a point 1 system: any Article 25(1) ground and the area, together.
    third = {"purposes": ["emotion-recognition"], "roles": ["distributor"]}
    assert secure in eu(
        law(**third, circumstances=["own-name-or-trademark", "law-enforcement-migration-area"])
    )
    assert secure not in eu(law(**third, circumstances=["own-name-or-trademark"]))
    assert secure not in eu(law(**third, circumstances=["law-enforcement-migration-area"]))


def test_article_49_5_point_2_registered_at_national_level(law: Analyse) -> None:
    """Article 49(5): "High-risk AI systems referred to in point 2 of Annex III shall be registered at national
    level." Article 49(1) leaves them out of the EU database ("with the exception of high-risk AI systems referred to
    in point 2 of Annex III")."""
    grid = eu(law(purposes=["critical-infrastructure-safety"]))
    assert "eu-ai-act:Article-49-5" in grid
    assert "eu-ai-act:Article-49-1" not in grid
    assert "eu-ai-act:Article-49-5" not in eu(law(purposes=["recruitment"]))


def test_article_26_3_is_cited_not_owed(law: Analyse) -> None:
    """Article 26(3): "The obligations set out in paragraphs 1 and 2, are without prejudice to other deployer
    obligations under Union or national law and to the deployer's freedom to organise its own resources and activities
    for the purpose of implementing the human oversight measures indicated by the provider." No duty of its own: it
    qualifies 26(1) and (2), so the report cites it there."""
    report = law(purposes=["recruitment"], roles=["deployer"])
    assert "eu-ai-act:Article-26-3" not in eu(report)
    assert "eu-ai-act:Article-26-3" in cited(requirement(report, "eu-ai-act:Article-26-2"))


def test_article_26_5_financial_institutions(law: Analyse) -> None:
    """Article 26(5): "For deployers that are financial institutions subject to requirements regarding their internal
    governance, arrangements or processes under Union financial services law, the monitoring obligation set out in the
    first subparagraph shall be deemed to be fulfilled by complying with the rules on internal governance arrangements,
    processes and mechanisms pursuant to the relevant financial service law." The duty stays (deemed fulfilled, and
    the rest of 26(5) untouched); the report says how it is fulfilled."""
    bank = law(
        purposes=["credit-scoring"],
        roles=["deployer"],
        circumstances=["financial-institution-internal-governance"],
    )
    monitoring = requirement(bank, "eu-ai-act:Article-26-5")
    assert any("deemed fulfilled" in a["rule"] for a in monitoring["applies_because"])
    assert "eu-ai-act:Article-26-6" in eu(bank)
    other = requirement(law(purposes=["credit-scoring"], roles=["deployer"]), "eu-ai-act:Article-26-5")
    assert not any("deemed fulfilled" in a["rule"] for a in other["applies_because"])


def test_article_26_11_decisions_about_natural_persons(law: Analyse) -> None:
    """Article 26(11): "deployers of high-risk AI systems referred to in Annex III that make decisions or assist in
    making decisions related to natural persons shall inform the natural persons that they are subject to the use of
    the high-risk AI system." Not Annex I systems; not a critical-infrastructure safety component (point 2)."""
    inform = "eu-ai-act:Article-26-11"
    assert inform in eu(law(purposes=["credit-scoring"], roles=["deployer"]))
    assert inform not in eu(law(purposes=["credit-scoring"]))  # the deployer's duty
    assert inform not in eu(law(purposes=["critical-infrastructure-safety"], roles=["deployer"]))
    assert inform not in eu(law(purposes=["product-safety-component"], sectors=["lifts"], roles=["deployer"]))


def test_article_86_2_exceptions_in_union_or_national_law(law: Analyse) -> None:
    """Article 86(2): "Paragraph 1 shall not apply to the use of AI systems for which exceptions from, or restrictions
    to, the obligation under that paragraph follow from Union or national law in compliance with Union law.\""""
    assert "eu-ai-act:Article-86" in eu(law(purposes=["credit-scoring"], roles=["deployer"]))
    excepted = law(
        purposes=["credit-scoring"], roles=["deployer"], circumstances=["explanation-excepted-by-law"]
    )
    assert "eu-ai-act:Article-86" not in eu(excepted)
    assert "eu-ai-act:Article-26-11" in eu(excepted)
    assert "eu-ai-act:Article-86" in excluded_by(excepted)


def test_article_86_3_right_otherwise_provided_for_under_union_law(law: Analyse) -> None:
    """Article 86(3): "This Article shall apply only to the extent that the right referred to in paragraph 1 is not
    otherwise provided for under Union law.\""""
    provided = law(
        purposes=["credit-scoring"], roles=["deployer"], circumstances=["explanation-otherwise-provided"]
    )
    assert "eu-ai-act:Article-86" not in eu(provided)
    assert "eu-ai-act:Article-86" in excluded_by(provided)
    duties = {"eu-ai-act:Article-26-11", "eu-ai-act:Article-27"}  # the rest of the deployer's duties stay
    assert duties <= eu(provided)


def test_article_25_2_initial_provider_cooperates(law: Analyse) -> None:
    """Article 25(2): "the provider that initially placed the AI system on the market or put it into service shall no
    longer be considered to be a provider of that specific AI system for the purposes of this Regulation. That initial
    provider shall closely cooperate with new providers ... This paragraph shall not apply in cases where the initial
    provider has clearly specified that its AI system is not to be changed into a high-risk AI system"."""
    initial = law(purposes=["recruitment"], circumstances=["initial-provider-superseded"])
    assert "eu-ai-act:Article-25-2" in eu(initial)
    assert not PROVIDER_DUTIES & eu(initial)
    specified = law(
        purposes=["recruitment"],
        circumstances=["initial-provider-superseded", "not-to-be-changed-into-high-risk"],
    )
    assert "eu-ai-act:Article-25-2" not in eu(specified)
    assert "eu-ai-act:Article-25-2" not in eu(law(purposes=["recruitment"]))


def test_article_25_4_written_agreement_with_suppliers(law: Analyse) -> None:
    """Article 25(4): "The provider of a high-risk AI system and the third party that supplies an AI system, tools,
    services, components, or processes that are used or integrated in a high-risk AI system shall, by written
    agreement, specify the necessary information, capabilities, technical access and other assistance"."""
    agreement = "eu-ai-act:Article-25-4"
    assert agreement in eu(law(purposes=["recruitment"]))
    assert agreement in eu(
        law(purposes=["product-safety-component"], sectors=["lifts"], roles=["product-manufacturer"])
    )
    assert agreement in eu(
        law(purposes=["recruitment"], roles=["importer"], circumstances=["own-name-or-trademark"])
    )
    assert agreement not in eu(law(purposes=["recruitment"], roles=["deployer"]))
    assert agreement not in eu(law(purposes=["chatbot"]))
