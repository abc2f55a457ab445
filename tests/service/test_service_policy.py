"""The endpoint's query policy, without a server: what is refused and why, and that a
keyword inside a string, an IRI or a comment is not a keyword."""

import pytest

from service.sparql_policy import MAX_QUERY_LENGTH, Refused, check, keywords

ALLOWED = {
    "SELECT * { ?s ?p ?o }": "select",
    "ASK { ?s ?p ?o }": "ask",
    "PREFIX ex: <http://e/> CONSTRUCT { ?s ex:p ?o } WHERE { ?s ?p ?o }": "construct",
    "DESCRIBE <http://example.org/x>": "describe",
    # the words only look like keywords: a string, a comment, an IRI, variables, prefixed names
    'SELECT ("SERVICE <http://x/> { ?s ?p ?o }" AS ?x) {} # SERVICE <http://y/> {}\n': "select",
    "SELECT * { ?s <http://e/FROM> ?o } # FROM <file:///etc/passwd>": "select",
    'SELECT * { ?s ?p """ a "" SERVICE <http://x/> {} """ }': "select",
    "SELECT ?service ?from ?load { ?service ?from ?load }": "select",
    "PREFIX download: <http://d/> SELECT * { ?s download:from ?o }": "select",
    r"PREFIX ex: <http://d/> SELECT * { ?s ex:a\#SERVICE ?o }": "select",
    'SELECT * { ?s ?p "x"@en-service }': "select",
    "SELECT * { GRAPH ?g { ?s ?p ?o } }": "select",
}

REFUSED = {
    "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }": "dataset",
    "SELECT * FROM NAMED <http://example.org/g> { GRAPH ?g { ?s ?p ?o } }": "dataset",
    "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/g> WHERE { ?s ?p ?o }": "dataset",
    "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }": "service",
    "SELECT * { OPTIONAL { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } } }": "service",
    "SELECT * { { SELECT * { SERVICE ?endpoint { ?s ?p ?o } } } }": "service",
    "ASK { FILTER EXISTS { SERVICE <http://example.org/sparql> { ?s ?p ?o } } }": "service",
    "SELECT * { ?s ?p ?o MINUS { service <http://example.org/sparql> { ?s ?p ?o } } }": "service",
    r"SELECT * { \u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }": "service",
    "SELECT * { ?s ?p ?o .SERVICE <http://example.org/sparql> { ?s ?p ?o } }": "service",
    "LOAD <file:///etc/passwd>": "update",
    "LOAD <http://example.org/data.ttl> INTO GRAPH <http://example.org/g>": "update",
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }": "update",
    "DELETE WHERE { ?s ?p ?o }": "update",
    "CLEAR ALL": "update",
    "DROP GRAPH <http://example.org/g>": "update",
    "SELEC * { ?s ?p ?o }": "syntax",
    'SELECT * { ?s ?p "unterminated }': "syntax",
    "": "syntax",
    "   ": "syntax",
}


@pytest.mark.parametrize("query,form", ALLOWED.items())
def test_allowed(query, form):
    assert check(query).form == form


@pytest.mark.parametrize("query,reason", REFUSED.items())
def test_refused(query, reason):
    with pytest.raises(Refused) as refused:
        check(query)
    assert refused.value.reason == reason
    assert refused.value.zh and refused.value.en


def test_too_long():
    with pytest.raises(Refused) as refused:
        check("SELECT * { ?s ?p ?o }" + " " * MAX_QUERY_LENGTH)
    assert refused.value.reason == "too_long"


def test_prefixes_are_kept_for_turtle_output():
    assert check("PREFIX ex: <http://e/> PREFIX : <http://d/> DESCRIBE ex:a").prefixes == {
        "ex": "http://e/",
        "": "http://d/",
    }


@pytest.mark.parametrize(
    "text,found",
    [
        ("SELECT * { SERVICE <x> {} }", {"SERVICE"}),
        ("select * from <x> {}", {"FROM"}),
        ("LOAD <x>", {"LOAD"}),
        ('"SERVICE" \'FROM\' """LOAD""" <SERVICE> # FROM', set()),
        ("?service $from ex:load :SERVICE _:from", set()),
        ("1SERVICE a.FROM x-LOAD", {"SERVICE", "FROM", "LOAD"}),  # conservative on odd bare words
        (r'"a\" SERVICE" ex:x\#SERVICE', set()),
        ("'''it's''' SERVICE", {"SERVICE"}),
        ("<a b> SERVICE", {"SERVICE"}),  # not an IRI (a space): the lexer does not skip past it
    ],
)
def test_lexer(text, found):
    assert keywords(text) == found
