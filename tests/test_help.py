"""The documentation that ships with the project: served as help pages, linked from the reports,
and checked against the code so that it cannot drift (the method's worked example is recomputed
through the session report page; the glossary's codes are those of the application)."""
from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests import factories
from tests.test_reports import cells, headers, pair, person
from trainings import places
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.help.routes import DOCUMENTS
from trainings.registry.models import Sex

ROOT = os.path.join(os.path.dirname(__file__), "..")
DOCS = os.path.join(ROOT, "docs")


def read_doc(name: str) -> str:
    with open(os.path.join(DOCS, name), encoding="utf-8") as document:
        return document.read()


def marked_table(text: str, mark: str) -> list[list[str]]:
    """The body rows of the Markdown table that follows <!-- mark -->, cells stripped."""
    start = text.index(f"<!-- {mark} -->")
    lines = text[start:].splitlines()[1:]
    rows = []
    for line in lines[2:]:  # header and separator
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    assert rows, f"no table after {mark}"
    return rows


@pytest.fixture
def expert(auth):
    return auth.as_role(Role.EXPERT)


# The worked example of docs/statistics.md ------------------------------------------------------

SEXES = {"F": Sex.FEMALE, "H": Sex.MALE, "non renseigné": None}
# The example's rows, by their label in the document, and the row of the report page.
FIGURE_ROWS = {
    "Pré-tests passés": "n_pre", "Post-tests passés": "n_post", "Paires pré / post": "n_paired",
    "Score moyen au pré-test (%)": "mean_pre", "Score moyen au post-test (%)": "mean_post",
    "Gain moyen (points)": "mean_gain", "Intervalle de confiance à 95 % du gain": "ci95",
    "Gain normalisé ⟨g⟩": "normalized_gain", "Taille d'effet dz": "effect_size_dz",
    "Ont progressé": "improved", "Stables": "stable", "Ont régressé": "declined",
    "Part au-dessus du seuil (70 %) au pré-test": "share_pass_pre",
    "Part au-dessus du seuil (70 %) au post-test": "share_pass_post",
    "p (test de Wilcoxon)": "wilcoxon_p",
}


def score(cell: str) -> float | None:
    return None if cell == "—" else float(cell)


def shown(cell: str) -> str:
    """A cell of the page as the document writes it: no "(n = …)", ordinary spaces and minus."""
    cell = re.sub(r"\s*\(n = \d+\)", "", cell)
    return cell.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2212", "-").strip()


def test_the_worked_example_is_what_the_session_report_shows(client, expert):
    text = read_doc("statistics.md")
    session = factories.session()
    for _name, sex, pre, post in marked_table(text, "exemple: scores"):
        pair(session, person(SEXES[sex]), score(pre), score(post))
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)

    assert [column.split(" n = ")[0] for column in headers(page)] == [
        "Femmes", "Hommes", "Non renseigné", "Total"]
    expected = marked_table(text, "exemple: résultats")
    assert [row[0] for row in expected] == list(FIGURE_ROWS)
    for label, *values in expected:
        assert [shown(cell) for cell in cells(page, FIGURE_ROWS[label])] == values, label

    gap = dict(marked_table(text, "exemple: écart"))
    assert shown(re.search(r'class="gap-mean_gain">(.*?)</dd>', page).group(1)) == \
        f"{gap['gain moyen (points)']} points"
    assert shown(re.search(r'class="gap-normalized_gain">(.*?)</dd>', page).group(1)) == \
        gap["gain normalisé"]


def test_the_example_in_words_quotes_the_table():
    """The prose under the example repeats figures of its table: they must agree."""
    text = read_doc("statistics.md")
    rows = {row[0]: row[1:] for row in marked_table(text, "exemple: résultats")}
    words = text[text.index("<!-- exemple: écart -->"):]
    women, men, _unknown, total = rows["Gain moyen (points)"]
    assert f"progressé de {women} points en moyenne et les hommes de\n{men} points" in words
    assert f"progrès est net : {total} points en moyenne" in words
    assert f"[{rows['Intervalle de confiance à 95 % du gain'][1][1:-1]}]" in words
    assert f"p = {rows['p (test de Wilcoxon)'][3]}" in words
    pre, post = rows["Part au-dessus du seuil (70 %) au pré-test"][3], \
        rows["Part au-dessus du seuil (70 %) au post-test"][3]
    assert f"passe de {pre} à {post}" in words


# Help pages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("stem", list(DOCUMENTS))
def test_every_document_is_served_with_working_links(client, expert, stem):
    response = client.get(f"/aide/{stem}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>" in page and "<table>" in page
    for target in re.findall(r'(?:href|src)="([^"]+)"', page):
        if target.startswith(("http", "mailto:", "/static/")):
            continue
        url, _, anchor = target.partition("#")
        if not url:  # an anchor of this very page
            assert f'id="{anchor}"' in page, target
            continue
        absolute = url if url.startswith("/") else f"/aide/{url}"
        linked = client.get(absolute)
        assert linked.status_code == 200, target
        if anchor:
            assert f'id="{anchor}"' in linked.get_data(as_text=True), target


def test_the_help_index_lists_the_documents(client, expert):
    page = client.get("/aide/").get_data(as_text=True)
    for stem in DOCUMENTS:
        assert f'href="/aide/{stem}"' in page


def test_both_reports_link_to_the_method(client, expert):
    session = factories.session()
    pair(session, person(Sex.FEMALE), 40, 60)
    for url in (f"/sessions/{session.id}/report", "/reports/programme"):
        page = client.get(url).get_data(as_text=True)
        assert re.search(r'<a href="/aide/statistics">Méthode</a>', page), url
    method = client.get("/aide/statistics").get_data(as_text=True)
    assert "Effectif faible" in method and "moyenne des moyennes" in method


@pytest.mark.parametrize("url", ["/aide/README", "/aide/benchmarks", "/aide/..%2FREADME",
                                 "/aide/img/..%2F..%2FREADME.md", "/aide/img/absent.png"])
def test_nothing_outside_the_help_documents_is_served(client, expert, url):
    assert client.get(url).status_code == 404


def test_help_needs_an_account(client):
    response = client.get("/aide/statistics")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# Nothing points outside the repository; the glossary is the application's -----------------------

def test_no_user_facing_file_points_outside_the_repository():
    found = subprocess.run(["grep", "-rn", r"\.\./shared", "README.md", "docs", "trainings",
                            "templates"], cwd=ROOT, capture_output=True, text=True)
    assert found.returncode == 1, found.stdout  # 1: grep found nothing


def test_the_glossary_lists_the_codes_of_the_application():
    text = read_doc("glossaire.md")
    tables = {
        "glossaire: régions": {f"`{code}`": str(label) for code, label in places.REGIONS.items()},
        "glossaire: organisations": {f"`{code}`": str(label)
                                     for code, label in places.ORGANIZATION_KINDS.items()},
        "glossaire: thèmes": {f"`{code}`": str(label) for code, label in places.THEMES.items()},
    }
    for mark, expected in tables.items():
        assert {row[0]: row[1] for row in marked_table(text, mark)} == expected, mark
    provinces = {row[0]: (row[2].strip("`"), row[1])
                 for row in marked_table(text, "glossaire: provinces")}
    assert provinces == {f"`{code}`": (region, str(label))
                         for code, (region, label) in places.PROVINCES.items()}


def test_the_readme_links_the_guide_the_method_and_the_glossary():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as readme:
        text = readme.read()
    for name in ("docs/guide-utilisateur.md", "docs/statistics.md", "docs/glossaire.md"):
        assert f"({name})" in text, name


def test_the_commands_of_the_guide_are_shown_as_blocks(client, expert):
    """A fenced block of commands is a block, one command a line, not one run-on line."""
    page = client.get("/aide/guide-utilisateur").get_data(as_text=True)
    block = re.search(r'<pre><code class="language-sh">(flask --app wsgi field export-kit[^<]*)'
                      r'</code></pre>', page)
    assert block is not None
    users = re.search(r'<pre><code class="language-sh">(flask --app wsgi users create EMAIL'
                      r'[^<]*)</code></pre>', page)
    assert users is not None and "\nflask --app wsgi users list\n" in users.group(1)
