"""The rating engine: derive figures with the rules, evaluate the shapes per park with
pySHACL, turn results into met / not met / not assessable, stars, explanations, gaps."""

from parkstar.engine.outcome import Outcome
from parkstar.engine.rater import ParkRating, Rater

__all__ = ["Outcome", "ParkRating", "Rater"]
