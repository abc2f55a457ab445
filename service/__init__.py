"""The parkstar web service: the JSON twins of the viewer's pages (/api) and a read-only
SPARQL 1.1 endpoint (/sparql) over the store. `python -m service.serve` runs it under
waitress. `create_app` is imported lazily so that the query workers, which import
service.sparql_exec, do not load Flask and the rating engine."""

__all__ = ["create_app"]


def __getattr__(name: str):
    if name == "create_app":
        from service.app import create_app

        return create_app
    raise AttributeError(f"module 'service' has no attribute {name!r}")
