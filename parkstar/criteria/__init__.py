"""The criteria of the standard, read from `shapes/` and `ontology/`: requirement shapes,
data-quality shapes, derivation rules and parameters."""

from parkstar.criteria.loader import load_criteria
from parkstar.criteria.model import Criteria, Requirement, Text

__all__ = ["Criteria", "Requirement", "Text", "load_criteria"]
