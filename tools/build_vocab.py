"""Build the controlled vocabularies (data/vocab/*.ttl) and the licence records (data/licences.ttl).

Run by hand when a term changes:  python tools/build_vocab.py
Every term has the same shape (DPV's practice): a SKOS concept in its scheme, with a notation (the code a
system description uses), an English label, a definition, and its source; alignments to W3C DPV by
skos:exactMatch where DPV has the same concept.
"""

from __future__ import annotations

from pathlib import Path

from build_data import CW, ID, LIC, new_graph
from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

ROOT = Path(__file__).resolve().parent.parent
AIACT = Namespace("https://w3id.org/dpv/legal/eu/aiact#")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
EU_AI_ACT = "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"
JP_AIGFB = "https://www.meti.go.jp/shingikai/mono_info_service/ai_shakai_jisso/pdf/20240419_14.pdf"
NEC_PAPER = "https://www.nec.com/en/global/techrep/journal/g24/n02/g2402pa.html"
# Act No. 53 of 2025, the Ministry of Justice English translation (the item source of data/regimes/jp-ai-act.ttl)
JP_AI_ACT = "https://www.japaneselawtranslation.go.jp/en/laws/view/5066/en"
ISO_3166 = "https://www.iso.org/iso-3166-country-codes.html"
ISO_22989 = "https://www.iso.org/standard/74296.html"

# scheme -> (class, title, description, [(code, label, definition, source, exactMatch or None, label_ja)])
Term = tuple[str, str, str, str, URIRef | None, str | None]
VOCABS: dict[str, tuple[URIRef, str, str, list[Term]]] = {
    "role": (
        CW.OperatorRole,
        "Operator roles",
        "The roles an organisation can play for an AI system, as the EU AI Act (Article 3) and Japan's AI "
        "Guidelines for Business (Part 1) name them.",
        [
            (
                "provider",
                "Provider",
                "Develops an AI system or general-purpose AI model, or has it developed, "
                "and places it on the market or puts it into service under its own name or trademark (Article "
                "3(3)).",
                EU_AI_ACT,
                AIACT.AIProvider,
                None,
            ),
            (
                "deployer",
                "Deployer",
                "Uses an AI system under its authority, other than in a personal "
                "non-professional activity (Article 3(4)).",
                EU_AI_ACT,
                AIACT.AIDeployer,
                None,
            ),
            (
                "importer",
                "Importer",
                "Located or established in the Union and places on the market an AI "
                "system bearing the name or trademark of a person established outside the Union (Article 3(6)).",
                EU_AI_ACT,
                AIACT.AIImporter,
                None,
            ),
            (
                "distributor",
                "Distributor",
                "In the supply chain, other than the provider or the importer, makes "
                "an AI system available on the Union market (Article 3(7)).",
                EU_AI_ACT,
                AIACT.AIDistributor,
                None,
            ),
            (
                "authorised-representative",
                "Authorised representative",
                "Located or established in the Union, "
                "holds a written mandate from a provider to carry out its obligations under the AI Act (Article "
                "3(5)).",
                EU_AI_ACT,
                AIACT.AuthorisedRepresentative,
                None,
            ),
            (
                "product-manufacturer",
                "Product manufacturer",
                "Places on the market or puts into service an AI "
                "system together with its product and under its own name or trademark (Article 25(3)).",
                EU_AI_ACT,
                AIACT.AIProductManufacturer,
                None,
            ),
            (
                "ai-developer",
                "AI developer",
                "Develops AI systems: designs, trains and tests AI models and the "
                "systems built on them (AI Guidelines for Business, Part 1).",
                JP_AIGFB,
                None,
                "AI開発者",
            ),
            (
                "ai-provider",
                "AI provider",
                "Provides AI systems and services built on AI models to AI business "
                "users or others (AI Guidelines for Business, Part 1).",
                JP_AIGFB,
                None,
                "AI提供者",
            ),
            (
                "ai-business-user",
                "AI business user",
                "Uses AI systems or services in its business activities "
                "(AI Guidelines for Business, Part 1).",
                JP_AIGFB,
                None,
                "AI利用者",
            ),
        ],
    ),
    "jurisdiction": (
        CW.Jurisdiction,
        "Jurisdictions and markets",
        "Markets where a system is placed or used, and the jurisdictions regimes come from: the EU, ISO 3166 "
        "country codes, the G7 and international bodies.",
        [
            ("EU", "European Union", "The internal market of the European Union.", EU_AI_ACT, None, None),
            ("JP", "Japan", "Japan (ISO 3166-1 JP).", ISO_3166, None, "日本"),
            ("US", "United States", "United States of America (ISO 3166-1 US).", ISO_3166, None, None),
            ("GB", "United Kingdom", "United Kingdom (ISO 3166-1 GB).", ISO_3166, None, None),
            ("CA", "Canada", "Canada (ISO 3166-1 CA).", ISO_3166, None, None),
            (
                "G7",
                "G7",
                "The Group of Seven: Canada, France, Germany, Italy, Japan, the United Kingdom and the "
                "United States, with the European Union.",
                "https://www.mofa.go.jp/files/100573473.pdf",
                None,
                None,
            ),
            (
                "INT",
                "International",
                "International standards bodies (ISO, IEC, IEEE) not tied to one market.",
                "https://w3id.org/ai-crosswalk/id/standards/catalogue",
                None,
                None,
            ),
        ],
    ),
    "sector": (
        CW.Sector,
        "Sectors",
        "Japan's eight candidate high-risk sectors (as reported in NEC Technical Journal Vol. 17 No. 2, section "
        "2.3) and the product areas of Annex I of the EU AI Act that the Article 6(1) route depends on.",
        [
            ("government", "Government", "Public administration.", NEC_PAPER, None, None),
            ("finance", "Finance", "Financial services.", NEC_PAPER, None, None),
            ("energy", "Energy", "Energy supply.", NEC_PAPER, None, None),
            ("transportation", "Transportation", "Transport of people and goods.", NEC_PAPER, None, None),
            ("traffic", "Traffic", "Road traffic.", NEC_PAPER, None, None),
            (
                "telecommunications",
                "Telecommunications",
                "Telecommunications services.",
                NEC_PAPER,
                None,
                None,
            ),
            ("broadcasting", "Broadcasting", "Broadcasting.", NEC_PAPER, None, None),
            ("medical", "Medical", "Medical care.", NEC_PAPER, None, None),
            (
                "machinery",
                "Machinery",
                "Products under the EU machinery legislation: Directive 2006/42/EC (Annex I, Section A, "
                "point 1, of the 2024 text), replaced by Regulation (EU) 2023/1230, which Regulation (EU) "
                "2026/1744 lists in Annex I, Section B, point 21.",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "toys",
                "Toys",
                "Products under the EU toy safety legislation (Annex I, Section A, point 2).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "radio-equipment",
                "Radio equipment",
                "Products under the EU radio equipment legislation (Annex I, Section A, point 6).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "medical-devices",
                "Medical devices",
                "Medical devices and in vitro diagnostic medical devices "
                "under EU legislation (Annex I, Section A, points 11 and 12).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "lifts",
                "Lifts",
                "Lifts and safety components for lifts (Directive 2014/33/EU; Annex I, Section A, point 4).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "pressure-equipment",
                "Pressure equipment",
                "Pressure equipment (Directive 2014/68/EU; Annex I, Section A, point 7).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "personal-protective-equipment",
                "Personal protective equipment",
                "Personal protective equipment (Regulation (EU) 2016/425; Annex I, Section A, point 9).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "recreational-craft",
                "Recreational craft",
                "Recreational craft and personal watercraft (Directive 2013/53/EU; Annex I, Section A, point 3).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "explosive-atmospheres",
                "Equipment for explosive atmospheres",
                "Equipment and protective systems for potentially explosive atmospheres (Directive 2014/34/EU; Annex I, Section A, point 5).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "cableways",
                "Cableway installations",
                "Cableway installations (Regulation (EU) 2016/424; Annex I, Section A, point 8).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "gas-appliances",
                "Appliances burning gaseous fuels",
                "Appliances burning gaseous fuels (Regulation (EU) 2016/426; Annex I, Section A, point 10).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "agricultural-vehicles",
                "Agricultural and forestry vehicles",
                "Agricultural and forestry vehicles (Regulation (EU) No 167/2013; Annex I, Section B, point 15).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "civil-aviation",
                "Civil aviation",
                "Civil aviation security (Annex I, Section B, point 13) and unmanned aircraft, their engines, "
                "propellers, parts and remote-control equipment (point 20).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "motor-vehicles",
                "Motor vehicles",
                "Motor vehicles, their trailers, and two- or three-wheel "
                "vehicles (Annex I, Section B, points 14, 18 and 19).",
                EU_AI_ACT,
                None,
                None,
            ),
            ("rail", "Rail", "The rail system (Annex I, Section B, point 17).", EU_AI_ACT, None, None),
            (
                "marine-equipment",
                "Marine equipment",
                "Marine equipment (Annex I, Section B, point 16).",
                EU_AI_ACT,
                None,
                None,
            ),
        ],
    ),
    "capability": (
        CW.Capability,
        "Capabilities and flags",
        "Properties of a system, or of the organisation operating it, that classification or applicability "
        "rules depend on.",
        [
            (
                "general-purpose-model",
                "General-purpose AI model",
                "The system is, or is built on and provided as, a general-purpose AI model (Article 3(63)).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "systemic-risk-model",
                "General-purpose AI model with systemic risk",
                "A general-purpose AI model classified as having systemic risk under Article 51.",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "generative",
                "Generative",
                "The system generates synthetic audio, image, video or text content (Article 50(2)).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "biometric",
                "Biometric",
                "The system processes biometric data (Article 3(34)).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "public-body",
                "Public body or public service",
                "The deployer is a body governed by public law or "
                "a private entity providing public services (Article 27(1)).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "advanced-ai",
                "Advanced AI system",
                "The most advanced AI systems, including foundation models "
                "and generative AI, that the Hiroshima Process Code of Conduct addresses.",
                "https://www.mofa.go.jp/files/100573473.pdf",
                None,
                None,
            ),
            (
                "profiling",
                "Profiling of natural persons",
                "The system performs profiling of natural persons (Article 3(52), by reference to Article 4(4) of "
                "Regulation (EU) 2016/679): an Annex III system that does is always high-risk (Article 6(3), "
                "last subparagraph).",
                EU_AI_ACT,
                None,
                None,
            ),
        ],
    ),
    "lifecycle-stage": (
        CW.LifecycleStage,
        "Lifecycle stages",
        "Where an AI system stands in its life cycle, following the stages ISO/IEC 22989:2022 names (clause 6).",
        [
            (
                "inception",
                "Inception",
                "Deciding whether and why to build the system.",
                ISO_22989,
                None,
                None,
            ),
            (
                "design-development",
                "Design and development",
                "Designing, building and training the system.",
                ISO_22989,
                None,
                None,
            ),
            (
                "verification-validation",
                "Verification and validation",
                "Checking the system meets its requirements and intended purpose.",
                ISO_22989,
                None,
                None,
            ),
            (
                "deployment",
                "Deployment",
                "Installing and releasing the system into its operating environment.",
                ISO_22989,
                None,
                None,
            ),
            (
                "operation-monitoring",
                "Operation and monitoring",
                "Running the system and watching its behaviour in use.",
                ISO_22989,
                None,
                None,
            ),
            (
                "re-evaluation",
                "Re-evaluation",
                "Reassessing the system after operation or change.",
                ISO_22989,
                None,
                None,
            ),
            (
                "retirement",
                "Retirement",
                "Decommissioning and disposing of the system.",
                ISO_22989,
                None,
                None,
            ),
        ],
    ),
    "risk-tier": (
        CW.RiskTier,
        "Risk tiers",
        "Classification outcomes in each regime.",
        [
            (
                "eu-prohibited",
                "EU: prohibited practice",
                "An AI practice prohibited by Article 5 of the AI Act.",
                EU_AI_ACT,
                AIACT.RiskLevelProhibited,
                None,
            ),
            (
                "eu-high-risk-annex-i",
                "EU: high-risk (Article 6(1), Annex I)",
                "High-risk as a product, or "
                "safety component of a product, under Annex I legislation that requires third-party conformity "
                "assessment.",
                EU_AI_ACT,
                AIACT.RiskLevelHighAnnexI,
                None,
            ),
            (
                "eu-high-risk-annex-iii",
                "EU: high-risk (Article 6(2), Annex III)",
                "High-risk because listed in Annex III, unless Article 6(3) applies.",
                EU_AI_ACT,
                AIACT.RiskLevelHighAnnexIII,
                None,
            ),
            (
                "eu-transparency",
                "EU: transparency obligations",
                "Subject to the transparency obligations of Article 50.",
                EU_AI_ACT,
                AIACT.RiskLevelTransparencyRequired,
                None,
            ),
            (
                "eu-annex-iii-not-high-risk",
                "EU: Annex III system not high-risk (Article 6(3))",
                "Referred to in Annex III but not high-risk because one of the conditions of Article 6(3), "
                "second subparagraph, is fulfilled and it performs no profiling; the provider documents the "
                "assessment (Article 6(4)) and registers the system (Article 49(2)).",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "eu-minimal",
                "EU: minimal risk",
                "None of the AI Act's tiers applies; Article 4 (AI literacy) still does.",
                EU_AI_ACT,
                AIACT.RiskLevelMinimal,
                None,
            ),
            (
                "eu-gpai",
                "EU: general-purpose AI model",
                "Obligations of Chapter V, Section 2 apply.",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "eu-gpai-systemic",
                "EU: general-purpose AI model with systemic risk",
                "Obligations of Chapter V, Section 3 apply in addition.",
                EU_AI_ACT,
                None,
                None,
            ),
            (
                "jp-ai-business",
                "Japan: AI business actor",
                "Developing, providing or using AI in business in Japan: the AI Guidelines for Business apply (voluntary).",
                JP_AIGFB,
                None,
                None,
            ),
            (
                "jp-advanced-ai",
                "Japan: actor involved in advanced AI systems",
                "Developing or providing advanced AI systems in Japan: Part 2 D of the AI Guidelines for Business applies as well.",
                JP_AIGFB,
                None,
                None,
            ),
            (
                "jp-ai-act-business-operator",
                "Japan: utilization business operator (Act No. 53 of 2025)",
                "Intends to develop or provide products or services that utilize AI-related technology, or to "
                'utilize AI-related technology in its business activities: a "utilization business operator" '
                "(Act No. 53 of 2025, Article 7; AI-related technology as Article 2 defines it), who is to "
                "endeavour to use AI actively and must cooperate with national and local measures (no penalties).",
                JP_AI_ACT,
                None,
                None,
            ),
            (
                "nist-voluntary",
                "NIST AI RMF: voluntary framework",
                "An organisation in the United States to which the NIST AI RMF is offered as a voluntary framework.",
                "https://doi.org/10.6028/NIST.AI.100-1",
                None,
                None,
            ),
            (
                "jp-high-risk-sector",
                "Japan: candidate high-risk sector",
                "Used in one of the eight sectors for which Japan is considering individual rules.",
                NEC_PAPER,
                None,
                None,
            ),
            (
                "g7-advanced-ai",
                "G7: advanced AI system",
                "Developed by an organisation the Hiroshima Code of Conduct addresses.",
                "https://www.mofa.go.jp/files/100573473.pdf",
                None,
                None,
            ),
        ],
    ),
}

LICENCES = [
    (
        "us-government-work",
        "US Government work: not subject to copyright in the United States (17 U.S.C. 105)",
        "https://www.nist.gov/oism/copyrights",
    ),
    (
        "eu-reuse-notice",
        "Reuse of EU documents with acknowledgement of the source (Commission Decision "
        "2011/833/EU); only the Official Journal text is authentic",
        "https://eur-lex.europa.eu/eli/dec/2011/833/oj",
    ),
    (
        "japan-government-terms",
        "Japanese government website terms of use: reuse with attribution; the "
        "Japanese text governs over the provisional English translation",
        "https://www.meti.go.jp/main/rules.html",
    ),
    (
        "quotation-with-attribution",
        "Short quotation of an intergovernmental document with attribution",
        "https://www.mofa.go.jp/files/100573473.pdf",
    ),
    (
        "facts-with-citation",
        "Facts reported in a publication, restated with a citation; no text reproduced",
        "https://www.nec.com/en/global/techrep/journal/g24/n02/g2402pa.html",
    ),
    (
        "facts-only",
        "Bibliographic facts only (designation, title, status); no text of the standards is reproduced",
        "https://www.iso.org/terms-conditions-licence-agreement.html",
    ),
]


# Roles of the EU's and Japan's terms that often fall on the same organisation, kept as documentation only
# (skos:relatedMatch): neither text makes one the other (an EU provider may develop, only provide, or have the
# system developed by others; the AI Guidelines for Business let one actor hold several roles), so a role is
# never widened to its match and a description states its roles in each regime's terms.
ROLE_MATCHES = {
    "provider": ["ai-developer", "ai-provider"],
    "ai-developer": ["provider"],
    "ai-provider": ["provider"],
    "deployer": ["ai-business-user"],
    "ai-business-user": ["deployer"],
}

# Intended purposes: (code, label, definition written for this vocabulary, the AI Act provision it reads on).
PURPOSES: list[tuple[str, str, str, str]] = [
    (
        "remote-biometric-identification",
        "Remote biometric identification",
        "Identifying natural persons at a distance by comparing their biometric data with a reference database.",
        "Annex-III-point-1-a",
    ),
    (
        "biometric-categorisation",
        "Biometric categorisation",
        "Assigning natural persons to categories by inferring sensitive or protected attributes from biometric data.",
        "Annex-III-point-1-b",
    ),
    (
        "emotion-recognition",
        "Emotion recognition",
        "Identifying or inferring the emotions or intentions of natural persons from their biometric data.",
        "Annex-III-point-1-c",
    ),
    (
        "critical-infrastructure-safety",
        "Safety component of critical infrastructure",
        "Acting as a safety component in managing critical digital infrastructure, road traffic, or the supply of water, gas, heating or electricity.",
        "Annex-III-point-2",
    ),
    (
        "education-admission",
        "Education admission",
        "Deciding access or admission to, or assigning persons to, educational and vocational training institutions.",
        "Annex-III-point-3-a",
    ),
    (
        "learning-outcome-evaluation",
        "Evaluating learning outcomes",
        "Evaluating learning outcomes, including to steer a person's learning process.",
        "Annex-III-point-3-b",
    ),
    (
        "education-level-assessment",
        "Assessing the appropriate level of education",
        "Assessing the level of education a person will receive or can access.",
        "Annex-III-point-3-c",
    ),
    (
        "exam-proctoring",
        "Exam proctoring",
        "Monitoring and detecting prohibited behaviour of students during tests.",
        "Annex-III-point-3-d",
    ),
    (
        "recruitment",
        "Recruitment and selection",
        "Recruiting or selecting persons: targeting job advertisements, filtering applications, evaluating candidates.",
        "Annex-III-point-4-a",
    ),
    (
        "employment-decisions",
        "Employment decisions",
        "Deciding on promotion, termination or task allocation, or monitoring and evaluating workers' performance and behaviour.",
        "Annex-III-point-4-b",
    ),
    (
        "public-benefits-eligibility",
        "Eligibility for public benefits",
        "Evaluating, granting, reducing or revoking essential public assistance benefits and services, for or on behalf of public authorities.",
        "Annex-III-point-5-a",
    ),
    (
        "credit-scoring",
        "Credit scoring",
        "Evaluating the creditworthiness of natural persons or establishing their credit score (not fraud detection).",
        "Annex-III-point-5-b",
    ),
    (
        "life-health-insurance-pricing",
        "Life and health insurance pricing",
        "Assessing risk and setting prices for natural persons in life and health insurance.",
        "Annex-III-point-5-c",
    ),
    (
        "emergency-call-triage",
        "Emergency call triage",
        "Evaluating and classifying emergency calls, dispatching emergency first response, or triaging patients in emergency healthcare.",
        "Annex-III-point-5-d",
    ),
    (
        "law-enforcement-victim-risk",
        "Law enforcement: victim risk assessment",
        "Assessing, for law enforcement, the risk of a natural person becoming the victim of criminal offences.",
        "Annex-III-point-6-a",
    ),
    (
        "law-enforcement-polygraph",
        "Law enforcement: polygraph",
        "Polygraphs and similar tools used by or for law enforcement.",
        "Annex-III-point-6-b",
    ),
    (
        "law-enforcement-evidence-reliability",
        "Law enforcement: evidence reliability",
        "Evaluating the reliability of evidence in investigating or prosecuting criminal offences.",
        "Annex-III-point-6-c",
    ),
    (
        "law-enforcement-offending-risk",
        "Law enforcement: offending risk",
        "Assessing the risk of a natural person offending or re-offending, not solely by profiling.",
        "Annex-III-point-6-d",
    ),
    (
        "law-enforcement-profiling",
        "Law enforcement: profiling",
        "Profiling natural persons in detecting, investigating or prosecuting criminal offences.",
        "Annex-III-point-6-e",
    ),
    (
        "migration-polygraph",
        "Migration and border control: polygraph",
        "Polygraphs and similar tools used by competent authorities in migration, asylum and border control.",
        "Annex-III-point-7-a",
    ),
    (
        "migration-risk-assessment",
        "Migration and border control: risk assessment",
        "Assessing security, irregular-migration or health risks posed by a person entering a Member State.",
        "Annex-III-point-7-b",
    ),
    (
        "asylum-visa-examination",
        "Examining asylum, visa and residence applications",
        "Assisting authorities in examining applications for asylum, visas or residence permits and related complaints.",
        "Annex-III-point-7-c",
    ),
    (
        "migration-person-identification",
        "Migration and border control: identifying persons",
        "Detecting, recognising or identifying persons in migration, asylum or border control (not travel-document verification).",
        "Annex-III-point-7-d",
    ),
    (
        "judicial-assistance",
        "Assisting judicial authorities",
        "Assisting a judicial authority, or alternative dispute resolution, in researching and interpreting facts and law and applying the law.",
        "Annex-III-point-8-a",
    ),
    (
        "election-influence",
        "Influencing elections",
        "Influencing the outcome of an election or referendum or the voting behaviour of natural persons.",
        "Annex-III-point-8-b",
    ),
    (
        "subliminal-manipulation",
        "Subliminal or manipulative techniques",
        "Using subliminal, manipulative or deceptive techniques that materially distort behaviour and cause significant harm.",
        "Article-5-1-a",
    ),
    (
        "exploiting-vulnerabilities",
        "Exploiting vulnerabilities",
        "Exploiting vulnerabilities due to age, disability or social or economic situation to distort behaviour harmfully.",
        "Article-5-1-b",
    ),
    (
        "social-scoring",
        "Social scoring",
        "Evaluating or classifying persons by social behaviour or personality, leading to detrimental or disproportionate treatment.",
        "Article-5-1-c",
    ),
    (
        "predictive-policing-profiling",
        "Predicting crime from profiling",
        "Assessing the risk of a person committing a crime based solely on profiling or personality traits.",
        "Article-5-1-d",
    ),
    (
        "facial-image-scraping",
        "Untargeted facial image scraping",
        "Building or expanding facial recognition databases by untargeted scraping of facial images from the internet or CCTV.",
        "Article-5-1-e",
    ),
    (
        "workplace-emotion-recognition",
        "Emotion recognition at work or school",
        "Inferring emotions of persons in the workplace or in education institutions (other than for medical or safety reasons).",
        "Article-5-1-f",
    ),
    (
        "biometric-categorisation-sensitive",
        "Biometric categorisation to deduce sensitive traits",
        "Categorising persons from biometric data to deduce race, political opinions, trade union membership, religion, sex life or orientation.",
        "Article-5-1-g",
    ),
    (
        "realtime-remote-biometric-identification-law-enforcement",
        "Real-time remote biometric identification for law enforcement",
        "Real-time remote biometric identification in publicly accessible spaces for law enforcement.",
        "Article-5-1-h",
    ),
    (
        "biometric-verification",
        "Biometric verification",
        "Biometric verification whose sole purpose is to confirm that a specific natural person is the person he or "
        "she claims to be: excluded from Annex III, point 1(a), so not high-risk on that ground.",
        "Article-4",
    ),
    (
        "financial-fraud-detection",
        "Financial fraud detection",
        "Detecting financial fraud: excluded from Annex III, point 5(b) (creditworthiness and credit scoring), so not "
        "high-risk on that ground.",
        "Article-4",
    ),
    (
        "non-consensual-intimate-imagery",
        "Generating non-consensual intimate imagery",
        "Generating or manipulating realistic images, video, audio or similar material of an identifiable "
        "person's intimate parts or of an identifiable person in sexually explicit activities without that "
        "person's explicit consent (Article 5(1)(ba), inserted by Regulation (EU) 2026/1744).",
        "Article-5-1-ba",
    ),
    (
        "child-sexual-abuse-material",
        "Generating child sexual abuse material",
        "Generating or manipulating child sexual abuse material or performance within the meaning of "
        "Article 2, points (c) and (e), of Directive 2011/93/EU (Article 5(1)(bb), inserted by Regulation "
        "(EU) 2026/1744).",
        "Article-5-1-bb",
    ),
    (
        "chatbot",
        "Interacting directly with natural persons",
        "A system intended to interact directly with natural persons, such as a chatbot or voice assistant.",
        "Article-50-1",
    ),
    (
        "synthetic-content-generation",
        "Generating synthetic content",
        "Generating synthetic audio, image, video or text content.",
        "Article-50-2",
    ),
    (
        "deepfake",
        "Deep fakes",
        "Generating or manipulating image, audio or video content that constitutes a deep fake.",
        "Article-50-4",
    ),
    (
        "public-interest-text-generation",
        "Text published to inform the public",
        "Generating or manipulating text published to inform the public on matters of public interest.",
        "Article-50-4",
    ),
    (
        "product-safety-component",
        "Safety component of a regulated product",
        "A product, or a safety component of a product, covered by the Union harmonisation legislation of Annex I (name the area in sectors).",
        "Article-6-1",
    ),
    (
        "spam-filtering",
        "Spam filtering",
        "Filtering unwanted messages; no AI Act tier applies to it as such.",
        "Article-4",
    ),
    (
        "recommendation",
        "Recommendation",
        "Recommending content, products or services; no AI Act tier applies to it as such.",
        "Article-4",
    ),
    (
        "demand-forecasting",
        "Demand forecasting",
        "Forecasting demand for goods or services; no AI Act tier applies to it as such.",
        "Article-4",
    ),
]


def purpose_graph() -> Graph:
    """Intended purposes, each pointing to the AI Act provision that gives it legal meaning."""
    g = new_graph()
    s = URIRef(f"{ID}vocab/purpose")
    g.bind("purpose", Namespace(f"{ID}vocab/purpose/"))
    g.add((s, RDF.type, SKOS.ConceptScheme))
    g.add((s, SKOS.prefLabel, Literal("Intended purposes", lang="en")))
    g.add(
        (
            s,
            DCTERMS.description,
            Literal(
                "What an AI system is intended to be used for, one code per Annex III point, per Article 5 practice and per Article 50 case of the EU AI Act, plus everyday minimal-risk uses; definitions written for this vocabulary, the provision each reads on linked by rdfs:seeAlso.",
                lang="en",
            ),
        )
    )
    g.add((s, DCTERMS.license, CC_BY))
    for i, (code, label, definition, provision) in enumerate(PURPOSES, start=1):
        t = URIRef(f"{ID}vocab/purpose/{code}")
        g.add((t, RDF.type, CW.Purpose))
        g.add((t, SKOS.inScheme, s))
        g.add((t, SKOS.topConceptOf, s))
        g.add((s, SKOS.hasTopConcept, t))
        g.add((t, SKOS.notation, Literal(code)))
        g.add((t, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((t, SKOS.definition, Literal(definition, lang="en")))
        g.add((t, DCTERMS.source, URIRef(EU_AI_ACT)))
        g.add((t, RDFS.seeAlso, URIRef(f"{ID}eu-ai-act/{provision}")))
        g.add((t, CW.position, Literal(i)))
    return g


def vocab_graph(scheme: str) -> Graph:
    cls, title, description, terms = VOCABS[scheme]
    g = new_graph()
    g.bind("aiact", AIACT)
    g.bind(scheme.replace("-", ""), Namespace(f"{ID}vocab/{scheme}/"))
    s = URIRef(f"{ID}vocab/{scheme}")
    g.add((s, RDF.type, SKOS.ConceptScheme))
    g.add((s, SKOS.prefLabel, Literal(title, lang="en")))
    g.add((s, DCTERMS.description, Literal(description, lang="en")))
    g.add((s, DCTERMS.license, CC_BY))
    for i, (code, label, definition, source, match, label_ja) in enumerate(terms, start=1):
        t = URIRef(f"{ID}vocab/{scheme}/{code}")
        g.add((t, RDF.type, cls))
        g.add((t, SKOS.inScheme, s))
        g.add((t, SKOS.topConceptOf, s))
        g.add((s, SKOS.hasTopConcept, t))
        g.add((t, SKOS.notation, Literal(code)))
        g.add((t, SKOS.prefLabel, Literal(label, lang="en")))
        if label_ja:
            g.add((t, SKOS.prefLabel, Literal(label_ja, lang="ja")))
        g.add((t, SKOS.definition, Literal(definition, lang="en")))
        g.add((t, DCTERMS.source, URIRef(source)))
        g.add((t, CW.position, Literal(i)))
        if match is not None:
            g.add((t, SKOS.exactMatch, match))
        for other in ROLE_MATCHES.get(code, []) if scheme == "role" else []:
            g.add((t, SKOS.relatedMatch, URIRef(f"{ID}vocab/role/{other}")))
    return g


def licence_graph() -> Graph:
    """Reuse terms named by the regimes and vocabularies, and the ISO 3166 source of market codes."""
    g = new_graph()
    g.add((CC_BY, RDF.type, DCTERMS.LicenseDocument))
    g.add((CC_BY, RDFS.label, Literal("Creative Commons Attribution 4.0 International", lang="en")))
    g.add((CC_BY, RDFS.seeAlso, CC_BY))
    std = URIRef(ISO_22989)
    g.add((std, RDF.type, CW.SourceDocument))
    g.add(
        (
            std,
            DCTERMS.title,
            Literal("ISO/IEC 22989:2022 Artificial intelligence concepts and terminology", lang="en"),
        )
    )
    g.add((std, DCTERMS.publisher, Literal("ISO/IEC")))
    g.add((std, OWL.versionInfo, Literal("2022")))
    g.add((std, DCTERMS.issued, Literal("2022-07", datatype=XSD.gYearMonth)))
    g.add((std, DCTERMS.license, LIC["facts-only"]))
    iso = URIRef(ISO_3166)
    g.add((iso, RDF.type, CW.SourceDocument))
    g.add((iso, DCTERMS.title, Literal("ISO 3166 Country codes", lang="en")))
    g.add((iso, DCTERMS.publisher, Literal("International Organization for Standardization (ISO)")))
    g.add((iso, OWL.versionInfo, Literal("ISO 3166-1:2020")))
    g.add((iso, DCTERMS.issued, Literal("2020-08", datatype=XSD.gYearMonth)))
    g.add((iso, DCTERMS.license, LIC["facts-only"]))
    for key, label, url in LICENCES:
        lic = LIC[key]
        g.add((lic, RDF.type, DCTERMS.LicenseDocument))
        g.add((lic, RDFS.label, Literal(label, lang="en")))
        g.add((lic, RDFS.seeAlso, URIRef(url)))
    return g


def main() -> None:
    out = ROOT / "data" / "vocab"
    out.mkdir(parents=True, exist_ok=True)
    header = "# Generated by tools/build_vocab.py; edit that file, not this one.\n"
    for scheme in VOCABS:
        text = header + vocab_graph(scheme).serialize(format="turtle")
        name = "capabilities" if scheme == "capability" else f"{scheme}s"
        (out / f"{name}.ttl").write_text(text, encoding="utf-8")
        print(f"data/vocab/{name}.ttl")
    (out / "purposes.ttl").write_text(header + purpose_graph().serialize(format="turtle"), encoding="utf-8")
    print("data/vocab/purposes.ttl")
    (ROOT / "data" / "licences.ttl").write_text(
        header + licence_graph().serialize(format="turtle"), encoding="utf-8"
    )
    print("data/licences.ttl")


if __name__ == "__main__":
    main()
