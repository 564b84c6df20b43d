"""The initials a participant's page greets with: never a name in full."""
from __future__ import annotations

import pytest

from trainings.phone.identity import initials


@pytest.mark.parametrize("first, last, expected", [
    ("Anas", "Benali", "A. B."),
    ("fatima", "el amrani", "F. E."),
    ("Jean-Pierre", "N'Diaye", "J. N."),
    ("أنس", "بنعلي", "أ. ب."),
    ("  Salma", "", "S."),
    ("<script>", "=HYPERLINK(\"x\")", "S. H."),
    ("", "", ""),
])
def test_initials_keep_one_letter_per_name(first, last, expected):
    assert initials(first, last) == expected
