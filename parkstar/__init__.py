"""parkstar: the Zhejiang star-rating standard for small and micro enterprise parks as a
knowledge graph (OWL + SKOS), declarative criteria (SHACL + SPARQL rules) and a rating engine."""

__version__ = "0.1.0"
