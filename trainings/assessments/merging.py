"""Tests and satisfaction answers in the merge of two records of one person (registry.merge):
one pre-test, one post-test and one questionnaire per person and session, so two records that
both have one at the same session must be settled before (a test can be reset)."""
from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _, lazy_gettext as _l

from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Attempt, AttemptReset, SatisfactionResponse,
)
from trainings.extensions import db
from trainings.registry import merge
from trainings.schedule.models import Session


def _titles(session_ids) -> dict[int, str]:
    return dict(db.session.execute(sa.select(Session.id, Session.title)
                                   .where(Session.id.in_(set(session_ids)))).all())


def _both_tested(keys: list[tuple]) -> list[str]:
    titles = _titles(session_id for session_id, _kind in keys)
    return [_("Les deux fiches ont un %(test)s à la session « %(session)s » : réinitialisez "
              "celui de l'une des deux (page des résultats de la session), puis fusionnez.",
              test=str(ATTEMPT_KIND_LABELS[kind]).lower(), session=titles[session_id])
            for session_id, kind in keys]


def _both_answered(keys: list[tuple]) -> list[str]:
    titles = _titles(session_id for (session_id,) in keys)
    return [_("Les deux fiches ont répondu au questionnaire de satisfaction de la session "
              "« %(session)s » : une personne n'a qu'une réponse, ces deux fiches ne peuvent pas "
              "être fusionnées.",
              session=titles[session_id]) for (session_id,) in keys]


merge.add_reference(merge.Reference(Attempt, _l("pré-tests et post-tests"),
                                    key=("session_id", "kind"), describe=_both_tested))
merge.add_reference(merge.Reference(AttemptReset, _l("réinitialisations de tests")))
merge.add_reference(merge.Reference(SatisfactionResponse, _l("questionnaires de satisfaction"),
                                    key=("session_id",), describe=_both_answered))
