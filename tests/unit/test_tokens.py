"""Check-in tokens: signed, bound to a half-day, rotating; pure functions."""
import pytest
from hypothesis import given, strategies as st

from trainings.phone.tokens import (
    STATIC_STEP, BadToken, ExpiredToken, TokenData, check_fresh, make_token, read_token,
    rotation_step, short_code,
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
