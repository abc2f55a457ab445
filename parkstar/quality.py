"""`parkstar validate`: data quality only. Runs the data-quality shapes (what criteria
need) and the integrity shapes (`shapes/integrity/`: credit codes, code lists, ranges)
over the data with the derived figures and the code lists, and reports every problem at
once, each naming the node, the property, the value and what was expected."""

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from parkstar import paths
from parkstar.criteria import Text, load_criteria
from parkstar.criteria.loader import load_rules
from parkstar.engine.derive import Deriver
from parkstar.labels import lang_text
from parkstar.rdf.reading import read_graph
from parkstar.vocab import RDF, SH


@dataclass(frozen=True)
class DataProblem:
    severity: str  # "error" (integrity: the data is wrong) or "warning" (a fact criteria need is missing)
    focus: str
    path: str | None
    value: str | None
    shape: str
    text: Text

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def line(self, lang: str) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        found = f" [{self.value}]" if self.value is not None else ""
        kind = {"error": ("错误", "error"), "warning": ("提示", "warning")}[self.severity]
        return f"{kind[0] if lang == 'zh' else kind[1]}: {where}{found}: {self.text.get(lang)}"

    def as_dict(self) -> dict:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "shape": self.shape,
            "message": self.text.as_dict(),
        }


def check_data(inputs: list[Path]) -> list[DataProblem]:
    """Every problem of the data in these files and folders."""
    return check_graph(read_graph(inputs))


def check_graph(data: Graph) -> list[DataProblem]:
    """Every problem of one graph: errors (integrity) and warnings (missing facts)."""
    criteria = load_criteria()
    shapes = read_graph([paths.SHAPES_DIR / "data-quality.ttl", paths.SHAPES_DIR / "integrity"])
    rules = criteria.rules + load_rules(paths.SHAPES_DIR / "integrity")
    working = data + Deriver(criteria, rules).derive(data) + criteria.context
    _conforms, report, _text = validate(working, shacl_graph=shapes, inference="none", inplace=True)
    nm = criteria.context.namespace_manager
    problems: set[DataProblem] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if isinstance(focus, Literal):
            continue  # reported again, with its message, at the property that holds it
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        source = report.value(result, SH.sourceShape)
        text = lang_text(report, result, (SH.resultMessage,)) or Text("数据不符合要求", "invalid data")
        severity = "error" if report.value(result, SH.resultSeverity) == SH.Violation else "warning"
        problems.add(
            DataProblem(
                severity=severity,
                focus=_show(nm, focus),
                path=_show(nm, path) if isinstance(path, URIRef) else None,
                value=_show(nm, value) if value is not None else None,
                shape=_show(nm, source),
                text=text,
            )
        )
    return sorted(problems, key=lambda p: (p.severity, p.focus, p.path or "", p.text.en))


def _show(nm, node: Node | None) -> str:
    if node is None:
        return ""
    if isinstance(node, Literal):
        return str(node)
    return nm.normalizeUri(node) if isinstance(node, URIRef) else "_:" + str(node)
