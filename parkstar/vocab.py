"""Namespaces of the parkstar vocabulary and the standard vocabularies it reuses.

Only IRIs live here; no criterion, threshold, level or category does (those are data in
`shapes/` and `ontology/`)."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

PS = Namespace("https://w3id.org/parkstar/def#")
PSC = Namespace("https://w3id.org/parkstar/criteria/")
DQ = Namespace("https://w3id.org/parkstar/criteria/dq/")
PARAM = Namespace("https://w3id.org/parkstar/criteria/param/")
CODE = Namespace("https://w3id.org/parkstar/code/")
ID = Namespace("https://w3id.org/parkstar/id/")
ORG = Namespace("http://www.w3.org/ns/org#")

__all__ = [
    "CODE",
    "DCTERMS",
    "DQ",
    "ID",
    "ORG",
    "OWL",
    "PARAM",
    "PREFIXES",
    "PROV",
    "PS",
    "PSC",
    "RDF",
    "RDFS",
    "SH",
    "SKOS",
    "XSD",
]

#: Prefixes bound on every graph parkstar writes, so output is readable.
PREFIXES: dict[str, str] = {
    "ps": str(PS),
    "psc": str(PSC),
    "dq": str(DQ),
    "param": str(PARAM),
    "org": str(ORG),
    "pscat": f"{CODE}park-category/",
    "grade": f"{CODE}grade/",
    "svc": f"{CODE}service-category/",
    "fee": f"{CODE}fee-basis/",
    "fac": f"{CODE}facility-category/",
    "loc": f"{CODE}facility-location/",
    "plat": f"{CODE}platform-kind/",
    "pstat": f"{CODE}platform-status/",
    "doc": f"{CODE}document-type/",
    "func": f"{CODE}unit-function/",
    "ukind": f"{CODE}unit-kind/",
    "cert": f"{CODE}certification-type/",
    "aspect": f"{CODE}assessment-aspect/",
    "lvl": f"{CODE}assessment-level/",
    "region": f"{CODE}region/",
    "ind": f"{CODE}industry/",
    "psi": f"{CODE}indicator/",
    "star": f"{CODE}star-level/",
}
