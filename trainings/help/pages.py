"""Markdown of docs/ into HTML for the help pages. Pure: no Flask, no database.

Links between the documents are written as in the repository (`statistics.md#section`,
`img/name.png`) so that they work on a code host too; the pages live at /aide/<stem>, so a
link to `stem.md` becomes `stem`, and images resolve next to the pages as they are.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_DOC_LINK = re.compile(r"^(?P<stem>[a-z0-9-]+)\.md(?P<anchor>#[\w-]*)?$")


class _DocLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            match = _DOC_LINK.match(link.get("href", ""))
            if match:
                link.set("href", match["stem"] + (match["anchor"] or ""))


class _DocLinksExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_DocLinks(md), "doc_links", 5)


@dataclass(frozen=True)
class Page:
    title: str
    html: str  # trusted: made from the repository's own files


def render(text: str) -> Page:
    """The page of one Markdown document; its title is its first level-1 heading."""
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "")
    html = markdown.markdown(text, extensions=["tables", "sane_lists", "fenced_code",
                                                 _DocLinksExtension()],
                             output_format="html")
    return Page(title=title, html=html)
