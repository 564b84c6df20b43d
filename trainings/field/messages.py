"""Why a kit or a results package is refused, in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from trainings.field.package import PackageError

REASONS = {
    "not-a-package": _l("Ce fichier n'est pas un paquet de l'atelier sans internet (kit ou "
                        "résultats) : vérifiez que vous avez choisi le bon fichier."),
    "wrong-format": _l("Ce fichier est un paquet de l'atelier sans internet, mais pas du bon "
                       "type : un kit s'importe sur l'ordinateur portable, des résultats sur "
                       "le serveur central."),
    "wrong-version": _l("Ce paquet a été fait par une autre version de l'application : "
                        "mettez les deux installations à jour, puis refaites-le."),
    "too-large": _l("Ce paquet est trop gros pour être ouvert sans risque."),
    "altered": _l("Ce paquet a été modifié après avoir été fait, ou est abîmé : il est "
                  "refusé. Refaites-le depuis l'application."),
    "bad-signature": _l("La signature de ce kit ne correspond pas à son contenu : il a été "
                        "modifié après avoir été fait. Refaites le kit sur le serveur central."),
    "other-server": _l("Ce kit vient d'un autre serveur que celui des sessions déjà chargées "
                       "sur cet ordinateur. S'il s'agit bien d'un nouveau serveur, importez-le "
                       "avec l'option --nouveau-serveur."),
    "older-kit": _l("Un kit plus récent de cette session est déjà chargé sur cet ordinateur : "
                    "ce kit plus ancien est refusé."),
    "not-field-copy": _l("Cette session n'a pas été chargée depuis un kit terrain : il n'y a "
                         "pas de résultats terrain à exporter."),
    "unknown-kit": _l("Ces résultats ne viennent pas d'un kit fait par ce serveur (autre "
                      "serveur, ou kit inconnu) : ils sont refusés."),
    "results-altered": _l("Ces résultats ont été modifiés après leur export, ou ne viennent pas "
                          "du kit qu'ils nomment : ils sont refusés."),
    "older-results": _l("Des résultats plus récents de ce kit ont déjà été importés : ce fichier "
                        "plus ancien est refusé (il ramènerait ce qui a été annulé depuis)."),
    "concurrent": _l("Les données ont changé pendant l'import (un autre import de ces "
                     "résultats, ou la même personne enregistrée au même moment) : rien n'a été "
                     "écrit. Recommencez l'import."),
    "other-session": _l("Ces résultats sont ceux d'une autre session : ils sont refusés."),
}


class FieldError(Exception):
    """A refusal, with its message for the person who asked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason

    @property
    def message(self) -> str:
        return str(REASONS[self.reason])

    @classmethod
    def of(cls, error: PackageError) -> FieldError:
        return cls(error.reason)
