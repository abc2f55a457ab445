"""A park's rating as a SHACL validation report (sh:ValidationReport), the form SHACL tools
exchange: one sh:ValidationResult per requirement the park does not meet or that cannot
be assessed, with the park as focus node, the requirement shape as source shape, the
explanation as message (zh/en) and the requirement's place in the standard (ps:indicator,
ps:level) so a reader can find the cell without the shapes at hand.

Not met is sh:Violation; not assessable (missing data) is sh:Warning with ps:outcome
saying so, since the park may well meet it once the data is there."""

from rdflib import BNode, Graph, Literal, URIRef

from parkstar import __version__
from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating, RequirementResult
from parkstar.report.rdf import OUTCOME
from parkstar.vocab import DCTERMS, PREFIXES, PS, RDF, SH, XSD


def validation_report(rating: ParkRating, edition: URIRef | None = None, created: str | None = None) -> Graph:
    """The report; `edition` is the ps:Edition of the criteria, `created` an ISO date."""
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind("sh", SH)
    graph.bind("outcome", OUTCOME)
    report = URIRef(f"{rating.park}#validation-report")
    graph.add((report, RDF.type, SH.ValidationReport))
    failures = rating.failures()
    graph.add((report, SH.conforms, Literal(not failures)))
    graph.add((report, PS.ratingOf, rating.park))
    graph.add((report, PS.stars, Literal(rating.stars)))
    if rating.pending_level is not None:
        graph.add((report, PS.pendingLevel, Literal(rating.pending_level)))
    graph.add((report, PS.toolVersion, Literal(f"parkstar {__version__}")))
    if edition:
        graph.add((report, PS.edition, edition))
    if created:
        graph.add((report, DCTERMS.created, Literal(created, datatype=XSD.date)))
    for failure in failures:
        graph.add((report, SH.result, _result(graph, rating.park, failure)))
    return graph


def _result(graph: Graph, park: URIRef, failure: RequirementResult) -> BNode:
    node = BNode()
    requirement = failure.requirement
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, park))
    graph.add((node, SH.sourceShape, requirement.iri))
    not_met = failure.outcome is Outcome.NOT_MET
    graph.add((node, SH.resultSeverity, SH.Violation if not_met else SH.Warning))
    graph.add((node, PS.outcome, URIRef(OUTCOME + failure.outcome.value)))
    graph.add((node, PS.indicator, requirement.indicator))
    graph.add((node, PS.level, Literal(requirement.level)))
    graph.add((node, PS.clause, Literal(requirement.clause.zh, lang="zh")))
    graph.add((node, PS.clause, Literal(requirement.clause.en, lang="en")))
    texts = _messages(failure)
    graph.add((node, SH.resultMessage, Literal("；".join(t.zh for t in texts), lang="zh")))
    graph.add((node, SH.resultMessage, Literal("; ".join(t.en for t in texts), lang="en")))
    return node


def _messages(failure: RequirementResult) -> list:
    """What is wrong: the actual and required values when known, else the shape's message,
    and for a criterion that cannot be assessed, what is missing."""
    found = [failure.explanation.text] if failure.explanation is not None else [failure.requirement.message]
    return found + list(failure.missing)
