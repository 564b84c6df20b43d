"""Finding French left on a page in Arabic or English: the catalogue's French sentences whose
translation differs, and short French words no Arabic or English page holds."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parent.parent / "trainings" / "translations"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Short French words that no Arabic or English page holds, whatever its sentences.
FRENCH_WORDS = re.compile(
    r"\b(?:[Vv]ous|[Vv]otre|[Vv]os|[Ll]es?|[Ll]a|[Dd]es|[Dd]u|[Uu]ne?|[Ee]st|et|pour|avec|"
    r"Envoyer|Continuer|Merci|Bonjour|[Pp]résence|[Pp]résent·e|[Rr]éponses?|Émargement|"
    r"Pré-test|matin|après-midi|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|"
    r"novembre|décembre)\b")


@lru_cache(maxsize=4)
def french_sentences(language: str) -> tuple[str, ...]:
    """The pieces of the catalogue's French messages (between placeholders) of three words or
    more whose translation into `language` differs: none may show on a page in that language."""
    with open(TRANSLATIONS / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        catalog = read_po(po, locale=language)
    pieces = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for msgid in ids:
            if msgid in strings:
                continue
            for piece in PLACEHOLDER.split(msgid):
                piece = piece.strip(" .,:;!?«»()\u00a0")
                if len(piece.split()) >= 3:
                    pieces.add(piece)
    return tuple(sorted(pieces))


def french_left(text: str, language: str, typed: list[str] = ()) -> list[str]:
    """The French left in a page's visible text in `language`, once the data typed in French
    (`typed`: a session's title, names...) is taken out."""
    for data in sorted(typed, key=len, reverse=True):
        text = text.replace(data, " ")
    found = [piece for piece in french_sentences(language) if piece in text]
    found += [m.group(0) for m in FRENCH_WORDS.finditer(text)]
    return found
