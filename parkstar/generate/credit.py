"""Unique, valid unified social credit codes for synthetic enterprises.

The organisation code (characters 9–17) is made from a running enterprise number by a
keyed permutation (a small Feistel network with cycle walking), so codes look random,
depend on the seed, and can never repeat within a population, without remembering the
codes already given. Two forms, as in real registers:

* firms registered since the 2015 reform: "MA" and 7 characters of the code's set;
* older firms keep their GB 11714 organisation code: 8 digits and its check character.

The check character (18th) comes from `parkstar.creditcode`.
"""

from __future__ import annotations

import random

from parkstar.creditcode import ALPHABET, check_character

_MA_SPACE = 31**7
_LEGACY_SPACE = 10**8
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


class _Permutation:
    """A keyed bijection of range(size), by a balanced Feistel network on 2·half bits."""

    def __init__(self, size: int, rng: random.Random, rounds: int = 4) -> None:
        self.size = size
        bits = max(2, (size - 1).bit_length())
        self.half = (bits + 1) // 2
        self.mask = (1 << self.half) - 1
        self.keys = [rng.getrandbits(32) for _ in range(rounds)]

    def _round(self, x: int, key: int) -> int:
        x = ((x ^ key) * 0x9E3779B1) & 0xFFFFFFFF
        x ^= x >> 15
        x = (x * 0x85EBCA6B) & 0xFFFFFFFF
        x ^= x >> 13
        return x & self.mask

    def __call__(self, n: int) -> int:
        if not 0 <= n < self.size:
            raise ValueError(f"{n} outside the permutation's range {self.size}")
        half, mask = self.half, self.mask
        x = n
        while True:  # cycle walking: re-encrypt until the value falls inside the range
            left, right = x >> half, x & mask
            for key in self.keys:
                left, right = right, left ^ self._round(right, key)
            x = (left << half) | right
            if x < self.size:
                return x


def gb11714_check(digits8: str) -> str:
    """The check character of an 8-character GB 11714 organisation code body."""
    total = sum(int(c) * w for c, w in zip(digits8, _GB11714_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


class CreditCodes:
    """Credit codes for enterprise number 0, 1, 2, … of one population."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(f"parkstar-credit-codes:{seed}")
        self._ma = _Permutation(_MA_SPACE, rng)
        self._legacy = _Permutation(_LEGACY_SPACE, rng)

    def code(self, number: int, prefix: str, area: str, legacy: bool) -> str:
        """The code of enterprise `number` (unique per number), registered in `area`."""
        if legacy and number < _LEGACY_SPACE:
            body8 = f"{self._legacy(number):08d}"
            organisation = body8 + gb11714_check(body8)
        else:
            x = self._ma(number)
            chars = []
            for _ in range(7):
                x, r = divmod(x, 31)
                chars.append(ALPHABET[r])
            organisation = "MA" + "".join(chars)
        body = prefix + area + organisation
        return body + check_character(body)
