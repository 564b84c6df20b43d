"""Check-in tokens: signed, bound to a half-day, rotating; pure functions."""
import pytest
from hypothesis import given, strategies as st

from trainings.phone.tokens import (
    CODE_ALPHABET, STATIC_STEP, BadToken, CodeMatch, ExpiredToken, TokenData, canonical_code,
    check_fresh, make_token, match_code, read_token, rotation_step, short_code,
)

SECRET = b"s" * 32


def test_a_token_names_its_half_day_and_rotation():
    assert read_token(SECRET, make_token(SECRET, 42, 7)) == TokenData(42, 7)


def test_a_token_made_with_another_secret_is_forged():
    with pytest.raises(BadToken):
        read_token(SECRET, make_token(b"other-secret", 42, 7))


@pytest.mark.parametrize("garbage", ["", "abc", "!!!!", "é", "A" * 22, "A" * 200])
def test_garbage_is_refused(garbage):
    with pytest.raises(BadToken):
        read_token(SECRET, garbage)


def test_changing_the_half_day_inside_a_token_breaks_its_signature():
    token = make_token(SECRET, 42, 7)
    other = make_token(SECRET, 43, 7)
    tampered = other[:8] + token[8:]
    with pytest.raises(BadToken):
        read_token(SECRET, tampered)


def test_current_and_previous_rotation_are_valid_older_ones_expired():
    check_fresh(TokenData(1, 10), now_step=10)
    check_fresh(TokenData(1, 9), now_step=10)
    with pytest.raises(ExpiredToken):
        check_fresh(TokenData(1, 8), now_step=10)
    with pytest.raises(ExpiredToken):
        check_fresh(TokenData(1, 11), now_step=10)


def test_the_posters_static_token_never_expires():
    check_fresh(TokenData(1, STATIC_STEP), now_step=10_000)


def test_rotation_steps_change_every_period_and_are_never_the_static_step():
    assert rotation_step(0, 20) == 1
    assert rotation_step(19.9, 20) == 1
    assert rotation_step(20, 20) == 2


@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_any_half_day_and_step_round_trip_in_22_characters(half_day_id, step):
    token = make_token(SECRET, half_day_id, step)
    assert len(token) == 22
    assert read_token(SECRET, token) == TokenData(half_day_id, step)


def test_short_codes_are_six_unambiguous_characters_and_change_with_rotation():
    code = short_code(SECRET, 42, 7)
    assert len(code) == 6 and not set(code) & set("O0I1")
    assert code != short_code(SECRET, 42, 8)
    assert code == short_code(SECRET, 42, 7)


# Typed codes -----------------------------------------------------------------------------------

def test_the_code_alphabet_has_no_look_alikes():
    """No two characters of a code fold together (O/0, I/1/L): every one is its own canonical
    form, so what a slip folds to is at most one character people could have read."""
    assert [canonical_code(char) for char in CODE_ALPHABET] == list(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == 32 and not set(CODE_ALPHABET) & set("O0I1")


@pytest.mark.parametrize("typed", ["k7l 2qx", "K7L-2QX", "k7l–2qx", " K 7 L 2 Q X ", "K7I2QX",
                                   "K712QX", "k7l2qx", "K7L.2QX", "Ｋ７Ｌ２ＱＸ", "K٧L٢QX"])
def test_typing_slips_fold_to_the_code(typed):
    assert canonical_code(typed) == "K7L2QX"


def test_o_and_zero_fold_together():
    assert canonical_code("o0O") == canonical_code("000") == canonical_code("OOO")


def test_a_typed_code_matches_the_current_and_previous_rotation_whatever_the_slips():
    code = short_code(SECRET, 42, 1000)
    typed = f"{code[:3].lower()} - {code[3:]}".replace("L", "1")
    assert match_code(SECRET, 42, typed, now_step=1000) is CodeMatch.FRESH
    assert match_code(SECRET, 42, code, now_step=1001) is CodeMatch.FRESH


def test_an_older_code_is_expired_a_much_older_or_other_one_is_no_match():
    code = short_code(SECRET, 42, 1000)
    assert match_code(SECRET, 42, code, now_step=1002) is CodeMatch.EXPIRED
    assert match_code(SECRET, 42, code, now_step=1001 + 90) is CodeMatch.EXPIRED
    assert match_code(SECRET, 42, code, now_step=1002 + 90) is CodeMatch.NONE
    assert match_code(SECRET, 43, code, now_step=1000) is CodeMatch.NONE
    assert match_code(SECRET, 42, short_code(SECRET, 42, 1001), now_step=1000) is CodeMatch.NONE


def test_the_static_code_never_expires_and_rotating_ones_do_not_count_for_it():
    static = short_code(SECRET, 42, STATIC_STEP)
    assert match_code(SECRET, 42, static.lower(), now_step=None) is CodeMatch.FRESH
    assert match_code(SECRET, 42, short_code(SECRET, 42, 5), now_step=None) is CodeMatch.NONE


@pytest.mark.parametrize("typed", ["", "ABC", "ABCDEFG", "=HYPERLINK(\"x\")", "<script>",
                                   "أبجدهو", "\x00\x01\x02\x03\x04\x05", "A" * 10_000])
def test_garbage_codes_match_nothing(typed):
    assert match_code(SECRET, 42, typed, now_step=1000) is CodeMatch.NONE
