"""统一社会信用代码 (unified social credit code, GB 32100-2015): the check character and a
validity test, shared by everything that writes or reads credit codes (the generator,
importers).

A code has 18 characters from a 31-character set (the digits and the capital letters
without I, O, Z, S, V): 1 registering authority, 2 entity type, 3–8 the registering
office's GB/T 2260 area code (digits), 9–17 the organisation code, 18 the check character.
Check: weights Wi = 3^(i−1) mod 31 for i = 1..17; C18 = 31 − (Σ value(Ci)·Wi mod 31), where
31 becomes 0, mapped back through the same character set.
"""

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))
_DIGITS = frozenset("0123456789")


def check_character(body: str) -> str:
    """The 18th character for the 17 characters `body`; ValueError if `body` is not 17
    characters of the code's character set."""
    if len(body) != 17:
        raise ValueError(f"a credit code body has 17 characters, not {len(body)}: {body!r}")
    try:
        total = sum(_VALUE[c] * w for c, w in zip(body, WEIGHTS, strict=True))
    except KeyError as error:
        raise ValueError(f"not a credit-code character: {error.args[0]!r} in {body!r}") from None
    return ALPHABET[-total % 31]


def is_valid(code: object) -> bool:
    """True when `code` is 18 characters of the character set, characters 3–8 are digits
    (an area code) and the 18th is the check character of the first 17."""
    if not isinstance(code, str) or len(code) != 18:
        return False
    if not all(c in _VALUE for c in code) or not _DIGITS.issuperset(code[2:8]):
        return False
    return check_character(code[:17]) == code[17]
