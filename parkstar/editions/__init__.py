"""Editions of the standard as data: the base edition in `shapes/`, later editions and
regional variants as small sets of changes in `editions/<id>/`; the differences between
two editions, and the impact of a revision on every park."""

from parkstar.editions.catalog import Catalog, Edition, load_catalog

__all__ = ["Catalog", "Edition", "load_catalog"]
