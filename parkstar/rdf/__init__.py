"""Reading RDF and moving terms between rdflib (pySHACL's world) and Oxigraph (fast
parsing and SPARQL)."""
