"""Reading the audit log: the entries matching the filters, newest first, a page at a time
(two queries whatever the log's size), and the workbook of all of them. No update, no delete."""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import aliased

from trainings.audit.models import AuditEntry, AuditEvent
from trainings.auth.models import User
from trainings.clock import local_to_utc, to_local
from trainings.downloads.files import Download
from trainings.downloads.log import log_download
from trainings.downloads.streamed_xlsx import StreamedWorkbook
from trainings.extensions import db
from trainings.i18n import reads_right_to_left
from trainings.journal import readable
from trainings.journal.forms import an_id, iso_date
from trainings.journal.labels import EVENT_LABELS, KEY_LABELS, VALUE_LABELS
from trainings.paging import Page

PER_PAGE = 50
EXPORT_KIND = "audit-log-xlsx"


@dataclass(frozen=True)
class JournalFilters:
    event: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    actor_id: int | None = None
    session_id: int | None = None
    person_id: int | None = None


def filters_from_form(form) -> JournalFilters:
    """The valid filters of a validated form; a field in error filters nothing."""
    def valid(field):
        return None if field.errors else field.data

    return JournalFilters(event=valid(form.event) or None,
                          date_from=iso_date(valid(form.date_from)),
                          date_to=iso_date(valid(form.date_to)),
                          actor_id=an_id(valid(form.actor)),
                          session_id=an_id(valid(form.session)),
                          person_id=an_id(valid(form.person)))


def event_choices() -> list[tuple[str, str]]:
    return [(str(event), str(EVENT_LABELS.get(event, event))) for event in AuditEvent]


def account_choices() -> list[tuple[str, str]]:
    """Every staff account, to choose who acted (one query; accounts are few)."""
    return [(str(user_id), f"{name} ({email})" if name else email)
            for user_id, name, email in db.session.execute(
                sa.select(User.id, User.name, User.email).order_by(User.email))]


def _conditions(filters: JournalFilters) -> list:
    conditions = []
    if filters.event:
        conditions.append(AuditEntry.event == filters.event)
    if filters.date_from:
        conditions.append(AuditEntry.created_at >= local_to_utc(filters.date_from, time()))
    if filters.date_to:
        next_day = filters.date_to + timedelta(days=1)
        conditions.append(AuditEntry.created_at < local_to_utc(next_day, time()))
    for column, value in ((AuditEntry.actor_id, filters.actor_id),
                          (AuditEntry.session_id, filters.session_id),
                          (AuditEntry.person_id, filters.person_id)):
        if value is not None:
            conditions.append(column == value)
    return conditions


def _entries(filters: JournalFilters) -> sa.Select:
    """The entries with the names of the accounts they name (one join each), newest first."""
    actor, account = aliased(User), aliased(User)
    return (sa.select(AuditEntry, actor.name, actor.email, account.name, account.email)
            .outerjoin(actor, actor.id == AuditEntry.actor_id)
            .outerjoin(account, account.id == AuditEntry.account_id)
            .where(*_conditions(filters))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))


@dataclass(frozen=True)
class JournalLine:
    """One entry as the page and the workbook show it."""

    id: int
    at: datetime  # Morocco's time
    event: str
    event_label: str
    actor_id: int | None
    actor: str
    account_id: int | None
    account: str
    session_id: int | None
    person_id: int | None
    details: list[tuple[str, str]]
    address: str


def _account_text(account_id: int | None, name: str | None, email: str | None) -> str:
    if account_id is None:
        return ""
    if email is None:  # the account is gone: the log outlives it
        return _("Compte n° %(id)s", id=account_id)
    return f"{name} ({email})" if name else email


def _line(row) -> JournalLine:
    entry, actor_name, actor_email, account_name, account_email = row
    return JournalLine(
        id=entry.id, at=to_local(entry.created_at), event=entry.event,
        event_label=str(EVENT_LABELS.get(entry.event, entry.event)),
        actor_id=entry.actor_id, actor=_account_text(entry.actor_id, actor_name, actor_email),
        account_id=entry.account_id,
        account=_account_text(entry.account_id, account_name, account_email),
        session_id=entry.session_id, person_id=entry.person_id,
        details=readable.detail_pairs(entry.details, KEY_LABELS, VALUE_LABELS),
        address=entry.address)


def journal_page(filters: JournalFilters, page: int, per_page: int = PER_PAGE,
                 ) -> Page[JournalLine]:
    """The page-th page of the entries matching the filters (a page past the end is empty)."""
    total = db.session.scalar(sa.select(sa.func.count(AuditEntry.id))
                              .where(*_conditions(filters)))
    page = max(1, page)
    rows = db.session.execute(_entries(filters).limit(per_page)
                              .offset((page - 1) * per_page)).all()
    return Page([_line(row) for row in rows], page, total, per_page)


def _all_lines(filters: JournalFilters) -> Iterator[JournalLine]:
    result = db.session.execute(_entries(filters).execution_options(yield_per=1000))
    for row in result:
        yield _line(row)


def workbook_headers() -> list[str]:
    return [_("N°"), _("Date et heure"), _("Événement"), _("Compte qui a agi"),
            _("Compte concerné"), _("Session n°"), _("Personne n°"), _("Détails"),
            _("Adresse IP")]


def export_workbook(filters: JournalFilters, user_id: int | None) -> Download:
    """Every entry matching the filters, in a workbook streamed to a temporary file, through the
    safe cell writer (a formula or a control character in the details stays harmless text);
    the export itself is logged as a download."""
    filename = (f"journal-audit_{filters.date_from or 'debut'}_"
                f"{filters.date_to or 'fin'}.xlsx")
    file = tempfile.TemporaryFile()  # deleted once the response has streamed it
    count = 0
    try:
        with StreamedWorkbook(file, [_("Journal")], reads_right_to_left()) as book, \
                book.sheet(_("Journal"), widths=(8, 20, 26, 34, 34, 11, 12, 80, 16),
                           frozen_header=True, auto_filter=True) as sheet:
            sheet.append(workbook_headers(), bold=True)
            for line in _all_lines(filters):
                sheet.append((line.id, line.at.replace(tzinfo=None), line.event_label,
                              line.actor, line.account, line.session_id, line.person_id,
                              readable.details_line(line.details), line.address))
                count += 1
    except BaseException:
        file.close()
        raise
    file.seek(0)
    log_download(user_id, EXPORT_KIND, filename, None,
                 {**{key: value for key, value in asdict(filters).items() if value is not None},
                  "entries": count})
    return Download(file, filename)
