"""Writing terms and statements as text, in Turtle or N-Triples, without building a graph.

The generator describes each subject as its IRI and a list of "predicate object" strings
made with one `Syntax`; the syntax joins them into a Turtle block or N-Triples lines. So
the same generating code writes either format, and memory holds one park at a time.

Text literals come from the profile, which is checked to hold no character that needs
escaping (see `profile.check_text`)."""

from __future__ import annotations

from collections.abc import Iterable

from parkstar.vocab import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Prefixes the generator writes with, besides `parkstar.vocab.PREFIXES`.
EXTRA_PREFIXES = {
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}

#: The prefixes a population uses; `park` and `ent` are added per population.
USED = (
    "ps",
    "pscat",
    "grade",
    "svc",
    "fee",
    "fac",
    "loc",
    "plat",
    "pstat",
    "doc",
    "func",
    "ukind",
    "cert",
    "aspect",
    "lvl",
    "region",
    "ind",
    "org",
    "prov",
    "dcterms",
    "rdfs",
    "xsd",
)


def namespaces(park_base: str, enterprise_base: str) -> dict[str, str]:
    known = {**PREFIXES, **EXTRA_PREFIXES}
    spaces = {p: known[p] for p in USED}
    spaces["park"] = park_base
    spaces["ent"] = enterprise_base
    return spaces


class Syntax:
    """Terms and statements in one RDF text syntax."""

    name = ""

    def __init__(self, spaces: dict[str, str]) -> None:
        self.spaces = spaces
        self.a = self.type_predicate()

    # terms
    def iri(self, prefix: str, local: str) -> str:
        raise NotImplementedError

    def type_predicate(self) -> str:
        raise NotImplementedError

    def integer(self, n: int) -> str:
        raise NotImplementedError

    def decimal(self, text: str) -> str:
        """A decimal written as `text` (digits, a point, digits)."""
        raise NotImplementedError

    def boolean(self, b: bool) -> str:
        raise NotImplementedError

    def date(self, iso: str) -> str:
        raise NotImplementedError

    def zh(self, text: str) -> str:
        return f'"{text}"@zh'

    def string(self, text: str) -> str:
        return f'"{text}"'

    # document structure
    def header(self, comments: Iterable[str]) -> str:
        raise NotImplementedError

    def block(self, subject: str, statements: list[str]) -> str:
        raise NotImplementedError

    def grouped_block(self, subject: str, statements: list[str]) -> str:
        return self.block(subject, statements)


class Turtle(Syntax):
    name = "turtle"

    def iri(self, prefix: str, local: str) -> str:
        return f"{prefix}:{local}"

    def type_predicate(self) -> str:
        return "a"

    def integer(self, n: int) -> str:
        return str(n)

    def decimal(self, text: str) -> str:
        return text

    def boolean(self, b: bool) -> str:
        return "true" if b else "false"

    def date(self, iso: str) -> str:
        return f'"{iso}"^^xsd:date'

    def header(self, comments: Iterable[str]) -> str:
        lines = [f"# {c}" for c in comments]
        lines.append("")
        width = max(len(p) for p in self.spaces) + 1
        lines += [f"@prefix {p + ':':<{width}} <{ns}> ." for p, ns in self.spaces.items()]
        lines.append("")
        return "\n".join(lines) + "\n"

    def block(self, subject: str, statements: list[str]) -> str:
        return subject + " " + " ;\n    ".join(statements) + " .\n"

    def grouped_block(self, subject: str, statements: list[str]) -> str:
        """A block with the objects of consecutive statements of one predicate in a list."""
        lines: list[str] = []
        previous = ""
        for statement in statements:
            predicate, _, obj = statement.partition(" ")
            if predicate == previous:
                lines[-1] += f" ,\n        {obj}"
            else:
                lines.append(statement)
                previous = predicate
        return self.block(subject, lines)


class NTriples(Syntax):
    name = "ntriples"

    def iri(self, prefix: str, local: str) -> str:
        return f"<{self.spaces[prefix]}{local}>"

    def type_predicate(self) -> str:
        return f"<{RDF_TYPE}>"

    def integer(self, n: int) -> str:
        return f'"{n}"^^<{XSD}integer>'

    def decimal(self, text: str) -> str:
        return f'"{text}"^^<{XSD}decimal>'

    def boolean(self, b: bool) -> str:
        return f'"{"true" if b else "false"}"^^<{XSD}boolean>'

    def date(self, iso: str) -> str:
        return f'"{iso}"^^<{XSD}date>'

    def header(self, comments: Iterable[str]) -> str:
        return "".join(f"# {c}\n" for c in comments)

    def block(self, subject: str, statements: list[str]) -> str:
        return "".join([f"{subject} {s} .\n" for s in statements])


SYNTAXES: dict[str, type[Syntax]] = {"turtle": Turtle, "ntriples": NTriples}
