"""Each integrity shape of shapes/kg.ttl accepts a conforming example and rejects a violating one (pyshacl's
pattern with the W3C test suite), and the shipped graph conforms with the shapes graph itself checked."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import SH

from app.graph.loading import load_rdflib_graph

REPO_ROOT = Path(__file__).resolve().parent.parent
SHAPES = REPO_ROOT / "shapes" / "kg.ttl"
ONTOLOGY = REPO_ROOT / "ontology" / "crosswalk.ttl"

CONFORMING = """
@prefix cw: <https://w3id.org/ai-crosswalk/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .

ex:lic a dcterms:LicenseDocument ; rdfs:label "Reuse with attribution"@en ; rdfs:seeAlso <https://example.org/terms> .
<https://creativecommons.org/licenses/by/4.0/> a dcterms:LicenseDocument ; rdfs:label "CC BY 4.0"@en ;
    rdfs:seeAlso <https://creativecommons.org/licenses/by/4.0/> .
<https://example.org/doc> a cw:SourceDocument ; dcterms:title "The act"@en ; dcterms:publisher "Parliament" ;
    owl:versionInfo "1" ; dcterms:issued "2024-06-13"^^xsd:date ; dcterms:license ex:lic .
ex:act a cw:Regime ; dcterms:title "The act"@en ; cw:regimeKind cw:Law ; dcterms:publisher "Parliament" ;
    owl:versionInfo "1" ; dcterms:issued "2024-06-13"^^xsd:date ; dcterms:source <https://example.org/doc> ;
    dcterms:license ex:lic ; cw:key "act" .
ex:role a cw:OperatorRole ; skos:notation "provider" ; skos:prefLabel "Provider"@en ;
    skos:definition "Places it on the market."@en ; skos:inScheme ex:roles ; dcterms:source <https://example.org/doc> .
ex:roles a skos:ConceptScheme .
ex:art9 a cw:Requirement ; skos:notation "Article 9" ; skos:prefLabel "Risk management system"@en ;
    skos:definition "A risk management system shall be established."@en ; skos:inScheme ex:act ;
    cw:level "article" ; dcterms:source <https://example.org/doc> ; dcterms:license ex:lic ;
    cw:addressee ex:role .
ex:v1 a cw:RegimeVersion ; cw:versionOf ex:act ; cw:madeBy <https://example.org/doc> ;
    cw:inForceFrom "2024-08-01"^^xsd:date .
ex:art9-date a cw:ApplicationDate ; cw:dateOf ex:art9 ; cw:inVersion ex:v1 ; cw:date "2026-08-02"^^xsd:date ;
    cw:basisText "Article 113, second paragraph" ; cw:inferred true ; cw:inferenceNote "Read with Article 6." .
ex:art9-1 a cw:Requirement ; skos:notation "Article 9(1)" ; skos:prefLabel "Article 9, paragraph 1"@en ;
    skos:inScheme ex:act ; cw:level "paragraph" ; skos:broader ex:art9 ; skos:definition "..."@en ;
    dcterms:source <https://example.org/doc> ; dcterms:license ex:lic .
ex:item1 a cw:StandardisationItem ; skos:notation "Item 1" ; skos:prefLabel "Risk management"@en ;
    skos:inScheme ex:act ; cw:level "item" ; cw:serves ex:art9 ;
    dcterms:source <https://example.org/doc> ; dcterms:license ex:lic .
ex:std a cw:Standard ; skos:notation "ISO/IEC 23894:2023" ; skos:prefLabel "ISO/IEC 23894:2023 Guidance"@en ;
    skos:inScheme ex:act ; cw:level "standard" ; cw:designation "ISO/IEC 23894:2023" ; dcterms:publisher "ISO/IEC" ;
    cw:standardStatus cw:Published ; cw:statusSource "catalogue" ;
    dcterms:source <https://example.org/doc> ; dcterms:license ex:lic .
ex:m1 a cw:Mapping ; cw:subject ex:item1 ; cw:object ex:art9 ; cw:relationship cw:SubsetOf ;
    cw:rationaleKind cw:Semantic ; cw:justification "Item 1 serves Article 9."@en ; cw:confidence 0.9 ;
    prov:wasAttributedTo ex:team ; dcterms:source <https://example.org/doc> .
"""

PREFIXES = CONFORMING.split("\nex:lic", 1)[0]


def validate(data: str) -> tuple[bool, set[tuple[str, str]]]:
    """Validate a Turtle snippet (with the ontology merged in) and return (conforms, {(focus, path)})."""
    graph = rdflib.Graph().parse(data=data, format="turtle")
    graph.parse(ONTOLOGY)
    conforms, report, _ = pyshacl.validate(graph, shacl_graph=str(SHAPES), advanced=True, inference="none")
    assert isinstance(report, rdflib.Graph)
    results = set()
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode)).rsplit("/", 1)[-1]
        path = report.value(result, SH.resultPath)
        results.add((focus, str(path).rsplit("/", 1)[-1].rsplit("#", 1)[-1] if path else ""))
    return bool(conforms), results


def test_conforming_example_conforms() -> None:
    assert validate(CONFORMING) == (True, set())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        # ProvisionShape
        (
            ('ex:art9 a cw:Requirement ; skos:notation "Article 9" ;', "ex:art9 a cw:Requirement ;"),
            ("art9", "notation"),
        ),
        (('skos:notation "Article 9" ;', 'skos:notation "Article 9", "Art. 9" ;'), ("art9", "notation")),
        (('skos:prefLabel "Risk management system"@en ;', ""), ("art9", "prefLabel")),
        (
            ('skos:prefLabel "Risk management system"@en ;', 'skos:prefLabel "Risk"@en, "Risk 2"@en ;'),
            ("art9", "prefLabel"),
        ),
        (('skos:inScheme ex:act ;\n    cw:level "article"', 'cw:level "article"'), ("art9", "inScheme")),
        (
            ('cw:level "article" ; dcterms:source <https://example.org/doc> ;', 'cw:level "article" ;'),
            ("art9", "source"),
        ),
        (("cw:addressee ex:role .", "cw:addressee ex:act ."), ("art9", "addressee")),
        (("skos:broader ex:art9 ;", "skos:broader ex:std ; skos:broader ex:art9 ;"), ("art9-1", "broader")),
        # RegimeVersionShape
        (('cw:inForceFrom "2024-08-01"^^xsd:date .', "."), ("v1", "inForceFrom")),
        (("cw:versionOf ex:act ;", "cw:versionOf ex:role ;"), ("v1", "versionOf")),
        # ApplicationDateShape: the clause that sets it, and how an inferred date is inferred
        (('cw:basisText "Article 113, second paragraph" ;', ""), ("art9-date", "basisText")),
        (("cw:inferred true ;", ""), ("art9-date", "inferred")),
        ((' ; cw:inferenceNote "Read with Article 6."', ""), ("art9-date", "")),
        # RegimeShape
        (("cw:regimeKind cw:Law ;", ""), ("act", "regimeKind")),
        (
            (
                'dcterms:issued "2024-06-13"^^xsd:date ; dcterms:source',
                'dcterms:issued "June 2024" ; dcterms:source',
            ),
            ("act", "issued"),
        ),
        (('cw:key "act" .', 'cw:key "The Act" .'), ("act", "key")),
        # SourceDocumentShape
        (
            (
                'owl:versionInfo "1" ; dcterms:issued "2024-06-13"^^xsd:date ; dcterms:license ex:lic .\nex:act',
                'dcterms:issued "2024-06-13"^^xsd:date ; dcterms:license ex:lic .\nex:act',
            ),
            ("doc", "versionInfo"),
        ),
        # StandardShape: never the text of a standard
        (
            (
                'cw:statusSource "catalogue" ;',
                'cw:statusSource "catalogue" ; skos:definition "Clause 1..."@en ;',
            ),
            ("std", "definition"),
        ),
        (("cw:standardStatus cw:Published ;", ""), ("std", "standardStatus")),
        # StandardisationItemShape
        (("cw:serves ex:art9 ;", ""), ("item1", "serves")),
        # VocabularyTermShape
        (('skos:definition "Places it on the market."@en ;', ""), ("role", "definition")),
        # MappingShape
        (
            ('cw:justification "Item 1 serves Article 9."@en ;', ""),
            ("m1", ""),
        ),  # then it must say who typed it and how (imported)
        (("cw:relationship cw:SubsetOf ;", "cw:relationship cw:Semantic ;"), ("m1", "relationship")),
        (("cw:confidence 0.9 ;", "cw:confidence 1.5 ;"), ("m1", "confidence")),
        (("prov:wasAttributedTo ex:team ;", ""), ("m1", "wasAttributedTo")),
        # DescribedShape: no IRI used without being described
        (("cw:serves ex:art9 ;", "cw:serves ex:art99 ;"), ("art99", "type")),
    ],
)
def test_each_violation_is_reported(change: tuple[str, str], expected: tuple[str, str]) -> None:
    old, new = change
    assert old in CONFORMING
    conforms, results = validate(CONFORMING.replace(old, new, 1))
    assert not conforms
    assert expected in results


@pytest.mark.slow
def test_shipped_graph_conforms_with_meta_shacl() -> None:
    graph = load_rdflib_graph(REPO_ROOT)
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=str(SHAPES), advanced=True, inference="none", meta_shacl=True
    )
    assert conforms, text
