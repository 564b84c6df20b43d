"""The texts of the tests in a participant's or staff member's language: each question, choice,
explanation and satisfaction item has a French text and optional Arabic and English ones
(columns text_ar, text_en...). Pure: the French text when the language's one is missing."""
from __future__ import annotations

from collections.abc import Iterable

# The languages a text may be translated into; French is the text itself.
TRANSLATED = ("ar", "en")


def in_language(item: object, language: str | None, field: str = "text") -> str:
    """The item's text (or other field, "explanation") in this language, else in French."""
    if language in TRANSLATED:
        text = getattr(item, f"{field}_{language}", None)
        if text:
            return text
    return getattr(item, field) or ""


def stored(text: str | None) -> str | None:
    """A translation as stored: None for a blank one (the French text will be shown)."""
    text = (text or "").strip()
    return text or None


def lacking(questions: Iterable[object], language: str) -> list[object]:
    """The questions whose text, one of whose choices, or whose explanation (when there is
    one) has no translation into this language."""
    if language not in TRANSLATED:
        return []
    key = f"text_{language}"
    return [q for q in questions
            if not getattr(q, key, None)
            or any(not getattr(c, key, None) for c in getattr(q, "choices", ()))
            or (getattr(q, "explanation", "") and not getattr(q, f"explanation_{language}", None))]
