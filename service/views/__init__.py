"""The HTML viewer, one blueprint per audience:

* `viewer` — overview, parks, a park, the standard (read stored ratings, never re-rate);
* `tools` — check an uploaded file (rated, never stored), the SPARQL editor;
* `linked` — IRIs of parks, enterprises and concepts resolved as linked data; the
  ontology and the shapes as documents.

Every page has a JSON twin (service.pages.twin)."""
