"""Validation and error messages start with a capital letter: they are read on their own (under
a field, in a list of problems, in the API's {"error": ...}), so a lower-case start looks cut.
The messages are those Babel extracts for translation (babel.cfg's sources)."""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

ROOT = Path(__file__).resolve().parent.parent.parent
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
SOURCES = [("trainings/**.py", "python"), ("templates/**.html", "jinja2")]

# Lower case is right where a message starts with what it quotes or counts: a placeholder
# (%(name)s, {input}), a « quoted value », a number.
QUOTED_START = re.compile(r"^(%\(|\{|«|\d)")
# Not messages but words and labels of the code, read inside a sentence or a table cell
# (statistical symbols, half-day periods, check-in methods, date spans, a CLI's answers).
LABELS = {
    "oui", "non", "matin", "après-midi", "badge", "manuel", "papier", "pointage manuel",
    "feuille papier", "absent·e", "pointé·e à %(time)s", "déjà pointé·e à %(time)s",
    "par %(name)s", "le %(date)s", "du %(start)s au %(end)s", "page %(page)s / %(pages)s",
    "ou code", "effectif faible", "n", "n = {n}", "n pré-test", "n post-test",
    "n apparié (pré et post)", "p (test de Wilcoxon)",
    # what a merge moved ("repris : 3 émargements, …", or "rien") and why two records look alike
    "pré-tests et post-tests", "réinitialisations de tests", "questionnaires de satisfaction",
    "émargements", "motifs de pointage hors des heures", "inscriptions à des sessions", "fusions antérieures", "rien",
    "même téléphone", "même e-mail", "même nom dans la même organisation",
    # the sign-in sheets' footnotes, after their mark: "¹ pointé plus de 30 min avant le début"
    "pointé plus de 30 min avant le début", "pointé après la fin",
    "null quand le sexe n'est pas renseigné.",  # the API's documentation of a JSON null
    "false pour un aperçu (rien d'écrit).",  # and of a JSON false
    # an import's report: "présences : 3 ajouté(s)", "test post-test déjà enregistré (saisie en
    # ligne)"
    "demi-journées", "organisations", "personnes nouvelles", "inscriptions", "présences",
    "actes hors horaires", "tests", "remises à zéro de test", "pré-test", "post-test",
    "en ligne",
    # the notice's default controller and contact, inside its sentences
    "l'équipe du programme d'appui à la régionalisation de la politique migratoire",
    "la formatrice ou le formateur de votre session, ou le bureau régional du programme",
    # a field import's counts ("présences : 3 ajouté(s)…"), the test and how it was entered
    # inside its conflicts' sentences, and how the import was made (trainings/field)
    "demi-journées", "organisations", "personnes nouvelles", "inscriptions", "présences",
    "actes hors horaires", "tests", "remises à zéro de test", "pré-test", "post-test",
    "en ligne", "ligne de commande", "page de la session",
    # the progress report's status of a figure against its target
    "en retard", "dans les temps", "pas de cible",
}
# In a template, a message is an error when its line shows it as one.
TEMPLATE_ERROR_LINE = re.compile(r'class="[^"]*\berror\b|role="alert"')


@cache
def messages() -> tuple[tuple[str, int, str], ...]:
    """(file, line, message) of every message Babel extracts, plural forms included."""
    found = []
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), SOURCES, keywords=KEYWORDS):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.append((filename, lineno, text))
    return tuple(found)


def starts_lower(text: str) -> bool:
    text = text.lstrip()
    return text[:1].islower() and not QUOTED_START.match(text)


def is_error_line(filename: str, lineno: int) -> bool:
    line = (ROOT / filename).read_text(encoding="utf-8").splitlines()[lineno - 1]
    return bool(TEMPLATE_ERROR_LINE.search(line))


def test_validation_and_error_messages_start_with_a_capital_letter():
    lower = [(filename, lineno, text) for filename, lineno, text in messages()
             if starts_lower(text) and text not in LABELS]
    in_code = [f"{f}:{n}: {t}" for f, n, t in lower if f.endswith(".py")]
    in_templates = [f"{f}:{n}: {t}" for f, n, t in lower
                    if f.endswith(".html") and is_error_line(f, n)]
    assert in_code == [] and in_templates == []


def test_the_scan_sees_the_messages_and_every_exception_is_still_used():
    found = messages()
    texts = {text for _f, _n, text in found}
    assert len(found) > 1000
    assert "Cette adresse e-mail n'est pas valide." in texts  # a form's
    assert "Le texte de la question manque" in texts  # a question's problem, of an import too
    assert {f for f, _n, _t in found if f.endswith(".html")}  # templates are read too
    assert LABELS <= texts


def test_the_rule_tells_a_cut_message_from_a_quoted_start():
    assert starts_lower("le nom manque")
    assert starts_lower("  ligne en double")
    assert not starts_lower("Le nom manque")
    assert not starts_lower("« %(value)s » n'est pas une date")
    assert not starts_lower("%(n)s question(s) ajoutée(s)")
    assert not starts_lower("{input} n'est pas un nombre")
    assert not starts_lower("2 lignes comportent une erreur")
