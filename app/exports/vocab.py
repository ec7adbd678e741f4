"""The terms every export and the SSSOM import agree on: the W3C namespaces, and each format's IR 8477 tokens.

Our own namespaces and the IR 8477 relationships are app.core.identifiers'; they are named here too because
every writer imports its terms from this one module.
"""

from __future__ import annotations

from app.core.identifiers import CW as CW
from app.core.identifiers import ID as ID
from app.core.identifiers import RELATIONSHIPS as RELATIONSHIPS

SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SEMAPV = "https://w3id.org/semapv/vocab/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"

RATIONALES = {"syntactic": "Syntactic", "semantic": "Semantic", "functional": "Functional"}

# SSSOM: the SKOS predicate of each relationship; notRelated is skos:relatedMatch with predicate_modifier Not.
SSSOM_PREDICATE = {
    "equal": ("skos:exactMatch", ""),
    "subsetOf": ("skos:broadMatch", ""),
    "supersetOf": ("skos:narrowMatch", ""),
    "intersectsWith": ("skos:relatedMatch", ""),
    "notRelated": ("skos:relatedMatch", "Not"),
}

# OSCAL 1.2 mapping model: relationship tokens (oscal_mapping-common_metaschema.xml, allowed values of map/
# relationship); "equivalent-to" is looser than IR 8477's equal and is not used.
OSCAL_RELATIONSHIP = {
    "equal": "equal-to",
    "subsetOf": "subset-of",
    "supersetOf": "superset-of",
    "intersectsWith": "intersects-with",
    "notRelated": "no-relationship",
}

# CISO Assistant: RequirementMapping's relationship choices (backend/core/models.py).
CISO_RELATIONSHIP = {
    "equal": "equal",
    "subsetOf": "subset",
    "supersetOf": "superset",
    "intersectsWith": "intersect",
    "notRelated": "not_related",
}

# NIST OLIR: the set theory relationships of NIST IR 8278A Rev. 1, 3.2 (Table 2).
OLIR_RELATIONSHIP = {
    "equal": "equal",
    "subsetOf": "subset of",
    "supersetOf": "superset of",
    "intersectsWith": "intersects with",
    "notRelated": "not related to",
}
