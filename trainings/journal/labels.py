"""The audit log in French: every event, the keys of the details and the codes they hold."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from trainings.audit.models import AuditEvent

EVENT_LABELS = {
    AuditEvent.LOGIN_SUCCEEDED: _l("Connexion"),
    AuditEvent.LOGIN_FAILED: _l("Connexion refusée"),
    AuditEvent.LOGOUT: _l("Déconnexion"),
    AuditEvent.LOGINS_CLOSED: _l("Autres sessions déconnectées"),
    AuditEvent.ACCOUNT_CREATED: _l("Compte créé"),
    AuditEvent.ACCOUNT_CHANGED: _l("Compte modifié"),
    AuditEvent.PASSWORD_CHANGED: _l("Mot de passe changé"),
    AuditEvent.PASSWORD_RESET: _l("Mot de passe réinitialisé"),
    AuditEvent.TOTP_ENABLED: _l("Double authentification activée"),
    AuditEvent.TOTP_DISABLED: _l("Double authentification désactivée"),
    AuditEvent.TOKEN_CREATED: _l("Jeton d'API créé"),
    AuditEvent.TOKEN_REVOKED: _l("Jeton d'API révoqué"),
    AuditEvent.CHECK_IN_MANUAL: _l("Pointage manuel"),
    AuditEvent.CHECK_IN_BADGE: _l("Pointage par badge"),
    AuditEvent.CHECK_IN_UNDONE: _l("Pointage annulé"),
    AuditEvent.TEST_RESET: _l("Test réinitialisé"),
    AuditEvent.IMPORT: _l("Import"),
    AuditEvent.DOWNLOAD: _l("Téléchargement"),
    AuditEvent.PERSON_MERGED: _l("Fiches fusionnées"),
    AuditEvent.PERSON_EXPORTED: _l("Données personnelles exportées"),
    AuditEvent.PERSON_ERASED: _l("Personne anonymisée"),
    AuditEvent.RETENTION_RUN: _l("Durée de conservation appliquée"),
}

# The keys the services write into the details, in the order they are shown.
KEY_LABELS = {
    "kind": _l("Type"),
    "filename": _l("Fichier"),
    "test": _l("Test"),
    "rows": _l("Lignes du fichier"),
    "recorded": _l("Enregistré(s)"),
    "registered": _l("Inscription(s)"),
    "created": _l("Créé(s)"),
    "attendances": _l("Présences"),
    "people": _l("Personnes"),
    "half_day_id": _l("Demi-journée n°"),
    "outside_window": _l("Hors des heures"),
    "method": _l("Mode"),
    "checked_in_at": _l("Pointé·e le (UTC)"),
    "attempt_id": _l("Tentative n°"),
    "reset_id": _l("Réinitialisation n°"),
    "training_id": _l("Formation n°"),
    "participant_id": _l("Personne n°"),
    "participant_ids": _l("Personnes n°"),
    "removed_id": _l("Fiche supprimée n°"),
    "merge_id": _l("Fusion n°"),
    "moved": _l("Lignes reprises"),
    "fields": _l("Champs repris"),
    "entries": _l("Entrées"),
    "event": _l("Événement"),
    "date_from": _l("Du"),
    "date_to": _l("Au"),
    "actor_id": _l("Compte n°"),
    "session_id": _l("Session n°"),
    "person_id": _l("Personne n°"),
    "region": _l("Région"),
    "province": _l("Province"),
    "theme": _l("Thème"),
}

# Codes found among the values: kinds of file and of import, tests, check-in methods, yes/no.
VALUE_LABELS = {
    "attendance-xlsx": _l("Feuille d'émargement (Excel)"),
    "attendance-entry-xlsx": _l("Feuille d'émargement à saisir (Excel)"),
    "attendance-all-xlsx": _l("Export des présences (Excel)"),
    "attendance-api": _l("Présences (API)"),
    "gains-xlsx": _l("Acquis de la session (Excel)"),
    "gains-all-xlsx": _l("Acquis du programme (Excel)"),
    "signin-pdf": _l("Feuille d'émargement (PDF)"),
    "certificates-pdf": _l("Attestations (PDF)"),
    "certificate-pdf": _l("Attestation (PDF)"),
    "paper-tests-xlsx": _l("Grille des tests papier (Excel)"),
    "audit-log-xlsx": _l("Journal d'audit (Excel)"),
    "roster": _l("Liste d'inscription"),
    "attendance-paper": _l("Feuille d'émargement papier"),
    "question-bank": _l("Banque de questions"),
    "paper-tests": _l("Tests papier"),
    "pre": _l("Pré-test"),
    "post": _l("Post-test"),
    "qr": _l("QR code (téléphone)"),
    "badge": _l("Badge"),
    "manual": _l("Pointage manuel"),
    "paper": _l("Feuille papier"),
    "true": _l("Oui"),
    "false": _l("Non"),
}
# An export of the log names the event it was filtered on.
VALUE_LABELS.update({str(event): label for event, label in EVENT_LABELS.items()})
