"""An import's report for people: lines for the command line, a dict for the API, and the
labels the preview page shows."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from trainings.field.intake import Report
from trainings.schedule.models import Session

KIND_LABELS = {
    "half_days": _l("demi-journées"),
    "organizations": _l("organisations"),
    "participants": _l("personnes nouvelles"),
    "registrations": _l("inscriptions"),
    "check_ins": _l("présences"),
    "out_of_window": _l("actes hors horaires"),
    "attempts": _l("tests"),
    "resets": _l("remises à zéro de test"),
    "satisfaction_responses": _l("questionnaires de satisfaction"),
}
KINDS = tuple(KIND_LABELS)


def conflict_text(conflict) -> str:
    detail = conflict.detail
    if conflict.kind == "check-in":
        return _("%(person)s : pointé·e des deux côtés pour la même demi-journée ; la présence "
                 "du serveur central est gardée.", person=conflict.person)
    if conflict.kind == "attempt":
        return _("%(person)s : test %(kind)s déjà enregistré sur le serveur central "
                 "(%(here)s %%, saisie %(method)s) ; celui du terrain (%(field)s %%) n'est pas "
                 "importé.", person=conflict.person, kind=_kind_of_test(detail["kind"]),
                 here=detail["here"], field=detail["field"],
                 method=_method(detail["method"]))
    if conflict.kind == "satisfaction":
        return _("%(person)s : questionnaire de satisfaction déjà enregistré sur le serveur "
                 "central ; celui du terrain n'est pas importé.", person=conflict.person)
    return _("Demi-journée déplacée depuis le kit : %(field)s sur le terrain, %(here)s sur le "
             "serveur central ; ses présences sont rattachées à la demi-journée du serveur "
             "central.", field=detail["field"], here=detail["here"])


def _kind_of_test(kind: str) -> str:
    return _("pré-test") if kind == "pre" else _("post-test")


def _method(method: str) -> str:
    return _("papier") if method == "paper" else _("en ligne")


def walk_in_text(walk_in) -> str:
    if walk_in.matched_name is None:
        return _("%(typed)s : nouvelle personne.", typed=walk_in.typed_name)
    if walk_in.matched_by == "phone":
        return _("%(typed)s : reconnue par son téléphone, fiche de %(known)s.",
                 typed=walk_in.typed_name, known=walk_in.matched_name)
    return _("%(typed)s : reconnue par son e-mail, fiche de %(known)s.",
             typed=walk_in.typed_name, known=walk_in.matched_name)


def summary(report: Report, applied: bool) -> str:
    if report.changes == 0:
        return _("Rien de nouveau : tout ce que contient ce fichier est déjà dans la base.")
    if applied:
        return _("Import fait : %(count)s enregistrement(s) ajouté(s) ou retiré(s).",
                 count=report.changes)
    return _("Aperçu : %(count)s enregistrement(s) seraient ajoutés ou retirés. Rien n'est "
             "encore écrit.", count=report.changes)


def report_lines(report: Report, session: Session, applied: bool) -> list[str]:
    lines = [_("Session n° %(id)s « %(title)s »", id=session.id, title=session.title),
             summary(report, applied)]
    for kind in KINDS:
        if report.added[kind] or report.already[kind] or report.removed[kind]:
            lines.append(_("  %(label)s : %(added)s ajouté(s), %(already)s déjà là, "
                           "%(removed)s retiré(s)", label=KIND_LABELS[kind],
                           added=report.added[kind], already=report.already[kind],
                           removed=report.removed[kind]))
    if report.walk_ins:
        lines.append(_("Personnes arrivées sans inscription :"))
        lines.extend(f"  {walk_in_text(walk_in)}" for walk_in in report.walk_ins)
    if report.conflicts:
        lines.append(_("Conflits :"))
        lines.extend(f"  {conflict_text(conflict)}" for conflict in report.conflicts)
    return lines


def report_json(report: Report, session: Session, applied: bool) -> dict:
    """The API's answer: counts by kind, the walk-ins and conflicts in words."""
    return {"session_id": session.id, "session_title": session.title, "applied": applied, "nothing_new": report.changes == 0,
            "summary": summary(report, applied),
            "added": {kind: report.added[kind] for kind in KINDS},
            "already": {kind: report.already[kind] for kind in KINDS},
            "removed": {kind: report.removed[kind] for kind in KINDS},
            "walk_ins": [{"new": w.matched_name is None, "matched_by": w.matched_by,
                          "text": walk_in_text(w)} for w in report.walk_ins],
            "conflicts": [{"kind": c.kind, "text": conflict_text(c)}
                          for c in report.conflicts]}
