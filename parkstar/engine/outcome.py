"""The three outcomes of a criterion for a park, and how they combine."""

from collections.abc import Iterable
from enum import StrEnum

from parkstar.criteria.model import Text


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"

    @property
    def label(self) -> Text:
        return _LABELS[self]

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_LABELS = {
    Outcome.MET: Text("符合", "met"),
    Outcome.NOT_MET: Text("不符合", "not met"),
    Outcome.NOT_ASSESSABLE: Text("无法评定", "not assessable"),
}
_SYMBOLS = {Outcome.MET: "✓", Outcome.NOT_MET: "✗", Outcome.NOT_ASSESSABLE: "?"}


def combine(outcomes: Iterable[Outcome]) -> Outcome:
    """A cell, or a level: not met if anything is not met, else not assessable if anything
    is, else met. An empty cell (nothing applies to the park) is not assessable."""
    seen = set(outcomes)
    if Outcome.NOT_MET in seen:
        return Outcome.NOT_MET
    if Outcome.NOT_ASSESSABLE in seen or not seen:
        return Outcome.NOT_ASSESSABLE
    return Outcome.MET
