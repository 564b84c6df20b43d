"""An audit entry's details as a person reads them: labels, codes translated, lists joined,
and whatever is not a JSON object given as it is."""
from __future__ import annotations

import json

from hypothesis import given, strategies as st

from trainings.journal.readable import detail_pairs, details_line

KEYS = {"kind": "Type", "filename": "Fichier", "rows": "Lignes"}
VALUES = {"roster": "Liste d'inscription", "true": "Oui", "false": "Non"}


def test_known_keys_come_first_in_their_order_then_the_others_by_name():
    details = json.dumps({"zeta": 1, "rows": 3, "alpha": "x", "kind": "roster"})
    assert detail_pairs(details, KEYS, VALUES) == [
        ("Type", "Liste d'inscription"), ("Lignes", "3"), ("alpha", "x"), ("zeta", "1")]


def test_values_are_read_yes_no_lists_and_maps():
    details = json.dumps({"a": True, "b": [1, "roster"], "c": {"check_ins": 2}, "d": None})
    assert detail_pairs(details, {}, VALUES) == [
        ("a", "Oui"), ("b", "1, Liste d'inscription"), ("c", "check_ins : 2"), ("d", "")]


def test_text_that_is_not_an_object_is_given_as_it_is():
    assert detail_pairs("not json", KEYS, VALUES) == [("", "not json")]
    assert detail_pairs("[1, 2]", KEYS, VALUES) == [("", "[1, 2]")]
    assert detail_pairs("", KEYS, VALUES) == []


def test_one_line_for_a_cell():
    assert details_line([("Type", "Import"), ("", "brut")]) == "Type : Import ; brut"


@given(st.dictionaries(st.text(max_size=20), st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=50),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=10), max_size=8))
def test_every_key_is_shown_once_whatever_the_details(data):
    pairs = detail_pairs(json.dumps(data), KEYS, VALUES)
    assert sorted(label for label, _value in pairs) == sorted(KEYS.get(k, k) for k in data)
