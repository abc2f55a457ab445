"""Ratings stored, not recomputed: every park's rating and per-criterion outcomes are kept
in the store per park × edition, with the version of the data they were computed from.
Showing a rating reads them; changing a park's data re-rates that park alone."""

from parkstar.results.refresh import RatingResults

__all__ = ["RatingResults"]
