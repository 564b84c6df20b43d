"""Phone numbers in one form (E.164) whatever way they were typed, and what is not one refused."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from trainings.registry.normalize import (
    InvalidPhone, checked_phone, contact_key, normalize_phone, phone_is_valid,
)

MOROCCAN = "+212661234567"


@pytest.mark.parametrize("typed", [
    "0661234567", "06 61 23 45 67", "06.61.23.45.67", "0661-23-45-67", "(0661) 23 45 67",
    "+212661234567", "+212 6 61 23 45 67", "00212661234567", "00 212 661 23 45 67",
    "212661234567", " 0661234567 ", "٠٦٦١٢٣٤٥٦٧", "+212 (0) 661 23 45 67",
])
def test_every_way_of_typing_a_moroccan_number_gives_one_form(typed):
    assert normalize_phone(typed) == MOROCCAN
    assert checked_phone(typed) == MOROCCAN


@pytest.mark.parametrize("typed, stored", [
    ("0712345678", "+212712345678"), ("0528841234", "+212528841234"),
    ("+33 6 12 34 56 78", "+33612345678"), ("0033612345678", "+33612345678"),
    ("+221 77 123 45 67", "+221771234567"), ("+1 202 555 0143", "+12025550143"),
])
def test_other_moroccan_and_foreign_numbers_keep_their_country(typed, stored):
    assert checked_phone(typed) == stored


@pytest.mark.parametrize("typed", [
    "abc", "abc!!", "0661234567abc", "abc0661234567", '=HYPERLINK("0661234567")',
    "<script>alert(1)</script>", "06\x0061234567", "12345", "+212 661", "1-800-FLOWERS",
    "0" * 10_000, "06" + "1" * 10_000, "٠٦٦١٢٣٤٥٦٧ رقم", "²",
])
def test_what_is_not_a_phone_number_is_refused(typed):
    assert normalize_phone(typed) is None
    with pytest.raises(InvalidPhone):
        checked_phone(typed)


@pytest.mark.parametrize("typed", ["061234567", "06612345678", "0912345678", "+212790000000"])
def test_a_digit_too_few_or_too_many_or_an_unassigned_range_is_refused(typed):
    with pytest.raises(InvalidPhone):
        checked_phone(typed)


def test_blank_is_no_number():
    assert checked_phone("  ") is None and checked_phone(None) is None
    assert normalize_phone("") is None and not phone_is_valid(None)


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(text):
    once = normalize_phone(text)
    assert once is None or normalize_phone(once) == once
    assert once is None or once.startswith("+") and once[1:].isdigit()


@given(st.sampled_from("67"), st.integers(min_value=0, max_value=10 ** 8 - 1),
       st.sampled_from(["0{m}{n}", "+212{m}{n}", "00212{m}{n}", "+212 {m} {n}", "0{m} {n}"]))
def test_the_forms_of_one_mobile_number_are_one_number(mobile, number, pattern):
    digits = f"{number:08d}"
    typed = pattern.format(m=mobile, n=" ".join([digits[:2], digits[2:4], digits[4:]]))
    assert normalize_phone(typed) == f"+212{mobile}{digits}"


@pytest.mark.parametrize("typed, key", [
    ("06 61 23 45 67", ("phone", MOROCCAN)), ("00212661234567", ("phone", MOROCCAN)),
    (" Fatima.Alaoui@Example.org ", ("email", "fatima.alaoui@example.org")),
    ("abc!!", None), ("fatima@", None), ("", None), ("=1+1", None),
])
def test_what_a_participant_types_to_be_recognised(typed, key):
    assert contact_key(typed) == key
