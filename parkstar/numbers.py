"""Numbers as the criteria and the reports see them: a literal's value (or None when it
is not a well-formed number) and a compact human form."""

from decimal import Decimal, InvalidOperation

from rdflib import Literal
from rdflib.term import Node


def number(node: Node | None) -> Decimal | None:
    """A literal's numeric value, or None when it is not a well-formed number."""
    if not isinstance(node, Literal) or isinstance(node.value, bool):
        return None
    try:
        return Decimal(str(node.value)) if node.value is not None else None
    except (InvalidOperation, ValueError):
        return None


def format_number(value: Decimal) -> str:
    """18 → "18", 15000 → "15,000", 69.52380952 → "69.52"."""
    rounded = value.quantize(Decimal("0.01")).normalize()
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,f}"
