"""GB 32100-2015 unified social credit codes: the check character and the validity test of
parkstar.creditcode, against known codes, an independent implementation written from the
standard's weight table, and two properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkstar.creditcode import ALPHABET, check_character, is_valid

# The standard's weights Wi = 3^(i-1) mod 31, written out as printed in the domain notes.
PRINTED_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
PRINTED_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V

KNOWN_VALID = [
    "91330683MA2JQPJT6U",  # the example in domain-notes.md (330683 = 嵊州市)
    "91330381MA2HX2QL91",  # sample park ruian-tangxia
    "9133038170917143XQ",  # an old-style organisation code (8 digits + X)
    "913303816789078372",
]


def independent_check(body: str) -> str:
    total = sum(PRINTED_ALPHABET.index(c) * w for c, w in zip(body, PRINTED_WEIGHTS, strict=True))
    c18 = 31 - total % 31
    return PRINTED_ALPHABET[0 if c18 == 31 else c18]


bodies = st.builds(
    lambda head, area, organisation: head + area + organisation,
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
)


def test_alphabet_and_weights_match_the_standard():
    assert ALPHABET == PRINTED_ALPHABET
    assert not set("IOZSV") & set(ALPHABET)


@pytest.mark.parametrize("code", KNOWN_VALID)
def test_known_codes_are_valid(code):
    assert is_valid(code)
    assert check_character(code[:17]) == code[17] == independent_check(code[:17])


@pytest.mark.parametrize(
    "code",
    [
        "91330683MA2JQPJT6V",  # wrong check character
        "91330683MA2JQPJT6",  # 17 characters
        "91330683MA2JQPJT6UU",  # 19 characters
        "91330683ma2jqpjt6u",  # lower case
        "91330683MA2JQPIT6U",  # I is not in the set
        "91330683MA2JQPOT6U",  # O
        "9133068AMA2JQPJT6U",  # a letter among the area-code digits
        "",
        None,
        91330683,
    ],
)
def test_invalid_codes(code):
    assert not is_valid(code)


def test_check_character_rejects_bad_bodies():
    with pytest.raises(ValueError):
        check_character("91330683MA2JQPJT")  # 16 characters
    with pytest.raises(ValueError):
        check_character("91330683MA2JQPJTI")  # I


@given(bodies)
def test_body_plus_its_check_character_is_valid(body):
    code = body + check_character(body)
    assert is_valid(code)
    assert code[17] == independent_check(body)


@given(bodies, st.integers(min_value=0, max_value=17), st.sampled_from(ALPHABET + "IOZSVa-"))
def test_changing_one_character_makes_a_code_invalid(body, position, replacement):
    code = body + check_character(body)
    if replacement == code[position]:
        replacement = ALPHABET[(ALPHABET.index(replacement) + 1) % len(ALPHABET)]
    changed = code[:position] + replacement + code[position + 1 :]
    assert not is_valid(changed)
