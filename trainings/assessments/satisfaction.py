"""The satisfaction questionnaire's items, the same for every session: the defaults, adding,
editing, deactivating and ordering them. Views commit."""
from __future__ import annotations

import sqlalchemy as sa
from flask import abort
from flask_babel import force_locale, lazy_gettext as _l

from trainings.assessments.models import SatisfactionItem, SatisfactionItemKind
from trainings.assessments.translated import stored
from trainings.extensions import db


DEFAULT_SATISFACTION_ITEMS = (
    (SatisfactionItemKind.SCALE, _l("Les objectifs de la formation étaient clairs")),
    (SatisfactionItemKind.SCALE, _l("Le contenu correspond à mes besoins")),
    (SatisfactionItemKind.SCALE, _l("L'animation était de qualité")),
    (SatisfactionItemKind.SCALE, _l("J'utiliserai ce que j'ai appris dans mon travail")),
    (SatisfactionItemKind.SCALE, _l("L'organisation matérielle était satisfaisante")),
    (SatisfactionItemKind.SCALE, _l("Satisfaction globale")),
    (SatisfactionItemKind.TEXT, _l("Ce que j'ai le plus apprécié")),
    (SatisfactionItemKind.TEXT, _l("Ce qui pourrait être amélioré")),
)


def ensure_default_satisfaction_items() -> bool:
    """Seed the default questionnaire when there is no item at all, with its Arabic and
    English texts from the catalogues; True when it did."""
    if db.session.scalar(sa.select(SatisfactionItem.id).limit(1)) is not None:
        return False
    texts = {}
    for language in ("fr", "ar", "en"):
        with force_locale(language):
            texts[language] = [str(text) for _kind, text in DEFAULT_SATISFACTION_ITEMS]
    db.session.add_all(
        SatisfactionItem(kind=kind, text=texts["fr"][position], text_ar=texts["ar"][position],
                         text_en=texts["en"][position], position=position)
        for position, (kind, _text) in enumerate(DEFAULT_SATISFACTION_ITEMS))
    db.session.flush()
    return True


def satisfaction_items(active_only: bool = False) -> list[SatisfactionItem]:
    query = sa.select(SatisfactionItem).order_by(SatisfactionItem.position, SatisfactionItem.id)
    if active_only:
        query = query.where(SatisfactionItem.active)
    return list(db.session.scalars(query))


def get_satisfaction_item(item_id: int) -> SatisfactionItem:
    return db.session.get(SatisfactionItem, item_id) or abort(404)


def save_satisfaction_item(item: SatisfactionItem, text: str, kind: str | None = None,
                           active: bool = True, text_ar: str | None = None,
                           text_en: str | None = None) -> SatisfactionItem:
    """Create or update an item; blank translations: the French text is shown."""
    item.text = text.strip()
    item.text_ar = stored(text_ar)
    item.text_en = stored(text_en)
    item.active = active
    if item.id is None:
        item.kind = SatisfactionItemKind(kind)
        last = db.session.scalar(sa.select(sa.func.max(SatisfactionItem.position)))
        item.position = 0 if last is None else last + 1
        db.session.add(item)
    db.session.flush()
    return item


def move_satisfaction_item(item: SatisfactionItem, step: int) -> None:
    """Swap the item with its neighbour above (step -1) or below (step 1)."""
    items = satisfaction_items()
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items):
        each.position = position
    db.session.flush()
