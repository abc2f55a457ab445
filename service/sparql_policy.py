"""What the read-only SPARQL endpoint accepts, decided before anything is evaluated.

A query is accepted only when two independent checks agree:

1. rdflib's SPARQL 1.1 parser reads it as a query (SELECT, ASK, CONSTRUCT, DESCRIBE) and
   its parse tree has no SERVICE pattern (at any depth: OPTIONAL, subqueries, FILTER
   EXISTS, …) and no dataset clause (FROM, FROM NAMED). Text rdflib reads as an update
   (LOAD, INSERT, …) is refused as an update; text it cannot read is refused as a syntax
   error — whatever Oxigraph would make of it (fail closed).
2. A small lexer that knows SPARQL's strings, IRIs, comments, variables and prefixed
   names finds no SERVICE, FROM or LOAD keyword outside them. It guards against the two
   parsers disagreeing: Oxigraph does send SERVICE requests, so a SERVICE that rdflib
   misread must still never reach it. The lexer runs on the text as written (as Oxigraph
   reads it) and with \\u escapes expanded (as rdflib and the SPARQL spec read it).

Neither check is a regular expression over the raw text: a keyword inside a string, an
IRI or a comment is not a keyword. This module imports only rdflib's parser, so the query
workers can use it without loading the rest of the application."""

import re
from dataclasses import dataclass, field

from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

MAX_QUERY_LENGTH = 100_000

FORMS = {"SelectQuery": "select", "AskQuery": "ask", "ConstructQuery": "construct", "DescribeQuery": "describe"}
GRAPH_FORMS = frozenset({"construct", "describe"})


@dataclass
class Refused(Exception):
    """A query the endpoint will not run, with the reason in both languages."""

    reason: str  # "update", "service", "dataset", "syntax", "too_long"
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh}\n{self.en}"


@dataclass(frozen=True)
class Checked:
    form: str  # "select", "ask", "construct", "describe"
    prefixes: dict[str, str] = field(default_factory=dict)


def _update() -> Refused:
    return Refused(
        "update",
        "本端点只读：不接受 SPARQL 更新（INSERT、DELETE、LOAD、CLEAR 等）",
        "this endpoint is read-only: SPARQL updates (INSERT, DELETE, LOAD, CLEAR, …) are refused",
    )


def _service() -> Refused:
    return Refused(
        "service",
        "不接受 SERVICE：本端点从不访问其他服务器",
        "SERVICE is refused: this endpoint never contacts another server",
    )


def _dataset() -> Refused:
    return Refused(
        "dataset",
        "不接受 FROM / FROM NAMED：查询作用于本数据库（默认图为所有图的并集，可用 GRAPH 选择命名图）",
        "FROM / FROM NAMED are refused: queries run on this store (the default graph is the union "
        "of all graphs; use GRAPH to pick a named graph)",
    )


def check(query: str) -> Checked:
    """The query's form and prefixes if the endpoint may run it; else raises Refused."""
    if len(query) > MAX_QUERY_LENGTH:
        raise Refused(
            "too_long",
            f"查询过长（{len(query):,} 个字符，上限 {MAX_QUERY_LENGTH:,}）",
            f"the query is too long ({len(query):,} characters, at most {MAX_QUERY_LENGTH:,})",
        )
    if not query.strip():
        raise Refused("syntax", "查询为空", "the query is empty")
    words = keywords(query) | keywords(expand_unicode_escapes(query))
    try:
        tree = parseQuery(query)
    except (ParseBaseException, RecursionError, ValueError, TypeError) as error:
        if _is_update(query) or "LOAD" in words:
            raise _update() from None
        _refuse_keywords(words)
        raise _syntax(error) from None
    _refuse_tree(tree)
    _refuse_keywords(words)
    prologue, body = tree[0], tree[1]
    form = FORMS.get(getattr(body, "name", ""))
    if form is None:  # cannot happen with rdflib's grammar; refuse rather than guess
        raise Refused("syntax", "不是 SPARQL 查询", "not a SPARQL query")
    return Checked(form, _prefixes(prologue))


def _is_update(query: str) -> bool:
    try:
        parseUpdate(query)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return False
    return True


def _syntax(error: Exception) -> Refused:
    if isinstance(error, ParseBaseException):
        where = f"第 {error.lineno} 行第 {error.col} 列", f"line {error.lineno}, column {error.col}"
        return Refused(
            "syntax",
            f"SPARQL 语法错误（{where[0]}）：{error.msg}",
            f"SPARQL syntax error ({where[1]}): {error.msg}",
        )
    return Refused("syntax", "无法解析该查询（嵌套过深？）", "the query cannot be parsed (nested too deeply?)")


def _refuse_tree(tree) -> None:
    for node in _walk(tree):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise _service()
            if node.name == "DatasetClause" or dict.get(node, "datasetClause"):
                raise _dataset()


def _refuse_keywords(words: set[str]) -> None:
    if "SERVICE" in words:
        raise _service()
    if "FROM" in words:
        raise _dataset()
    if "LOAD" in words:
        raise _update()


def _walk(node, depth: int = 0):
    """Every node of a parse tree (CompValue, ParseResults, lists, dicts)."""
    if depth > 500:
        raise Refused("syntax", "查询嵌套过深", "the query is nested too deeply")
    yield node
    if isinstance(node, str):
        return
    if isinstance(node, dict):
        children = list(node.values())
    elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
        children = list(node)
    else:
        return
    for child in children:
        yield from _walk(child, depth + 1)


def _prefixes(prologue) -> dict[str, str]:
    found: dict[str, str] = {}
    for decl in prologue or []:
        if isinstance(decl, CompValue) and decl.name == "PrefixDecl":
            found[str(dict.get(decl, "prefix") or "")] = str(dict.get(decl, "iri"))
    return found


# ── the lexer ────────────────────────────────────────────────────────────────
WATCHED = frozenset({"SERVICE", "FROM", "LOAD"})
_IRIREF = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_-.:%\u00b7" or ord(ch) > 0x7F


def _name_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or ch == "\u00b7" or ord(ch) > 0x7F


_PN_PREFIX = re.compile(r"(?:[^\W\d_](?:[\w\-.\u00b7]*[\w\-\u00b7])?)?")


def keywords(text: str) -> set[str]:
    """The keywords SERVICE, FROM and LOAD where a SPARQL tokenizer could see them, skipping
    strings, IRIs, comments, variables, language tags and prefixed names. Conservative: a
    bare word (no colon) counts when a keyword occurs anywhere in it (`1SERVICE`,
    `a.SERVICE`), as does a word whose part before the colon is not a valid prefix. A
    backslash outside a string always takes the next character with it (a prefixed name's
    escape, e.g. `ex:a\\#`), so it never opens a comment or a string."""
    found: set[str] = set()
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            while i < n and text[i] not in "\r\n":
                i += 1
        elif ch in "\"'":
            i = _skip_string(text, i)
        elif ch == "<":
            match = _IRIREF.match(text, i)
            i = match.end() if match else i + 1
        elif ch == "\\":
            i += 2
        elif ch in "?$":  # a variable
            i += 1
            while i < n and _name_char(text[i]):
                i += 1
        elif ch == "@":  # a language tag
            i += 1
            while i < n and (text[i].isalnum() or text[i] == "-"):
                i += 1
        elif _word_char(ch):
            start = i
            while i < n and (_word_char(text[i]) or text[i] == "\\"):
                i += 2 if text[i] == "\\" else 1
            found |= _watched_in(text[start:i])
        else:
            i += 1
    return found


def _watched_in(word: str) -> set[str]:
    if ":" in word:
        prefix = word.split(":", 1)[0]
        if _PN_PREFIX.fullmatch(prefix):
            return set()  # a prefixed name (or a blank node label): one token
        word = prefix
    upper = word.upper()
    return {k for k in WATCHED if k in upper}


def _skip_string(text: str, i: int) -> int:
    """The index after the string literal starting at i (short or long form)."""
    quote = text[i]
    n = len(text)
    if text.startswith(quote * 3, i):
        j = i + 3
        while j < n:
            if text[j] == "\\":
                j += 2
            elif text.startswith(quote * 3, j):
                return j + 3
            else:
                j += 1
        return n
    j = i + 1
    while j < n:
        if text[j] == "\\":
            j += 2
        elif text[j] == quote:
            return j + 1
        elif text[j] in "\r\n":  # a short string cannot span lines: the parsers reject it
            return j
        else:
            j += 1
    return n


def expand_unicode_escapes(text: str) -> str:
    """\\uXXXX and \\UXXXXXXXX replaced by their characters, as SPARQL 1.1 §19.2 reads a query."""

    def char(match: re.Match) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)

    return _UNICODE_ESCAPE.sub(char, text)
