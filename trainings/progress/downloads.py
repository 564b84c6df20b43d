"""The progress report's files: the Word document and the workbook, logged as every export."""
from __future__ import annotations

from flask_babel import force_locale

from trainings.downloads.files import Download
from trainings.downloads.log import log_download
from trainings.i18n import babel_locale
from trainings.progress import docx_writer, presentation, xlsx_writer
from trainings.progress.report import ProgressReport
from trainings.progress.services import ProgressSelection, report_filters
from trainings.reports.services import filter_lines

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _filename(report: ProgressReport, extension: str) -> str:
    region = f"_{report.region}" if report.region else ""
    theme = f"_{report.theme}" if report.theme else ""
    return (f"avancement_{report.period.start.isoformat()}_{report.period.end.isoformat()}"
            f"{region}{theme}.{extension}")


def _details(report: ProgressReport, language: str) -> dict:
    return {"from": report.period.start.isoformat(), "to": report.period.end.isoformat(),
            "region": report.region, "theme": report.theme, "language": language}


def _words(report: ProgressReport, scope: str | None, language: str):
    selection = ProgressSelection(region=report.region, theme=report.theme)
    lines = filter_lines(report_filters(selection, report.period), scope)[1:]  # period aside
    return presentation.labels(lines, language)


def docx_download(report: ProgressReport, scope: str | None, user_id: int | None,
                  language: str) -> Download:
    """The Word document in the language (fr, ar, en), logged as downloaded by user_id."""
    with force_locale(babel_locale(language)):
        words = _words(report, scope, language)
        content = docx_writer.progress_docx(report, words,
                                            presentation.png_charts(report, words))
    filename = _filename(report, "docx")
    log_download(user_id, "progress-docx", filename, None, _details(report, language))
    return Download(content, filename, DOCX)


def xlsx_download(report: ProgressReport, scope: str | None, user_id: int | None,
                  language: str) -> Download:
    with force_locale(babel_locale(language)):
        content = xlsx_writer.progress_xlsx(report, _words(report, scope, language))
    filename = _filename(report, "xlsx")
    log_download(user_id, "progress-xlsx", filename, None, _details(report, language))
    return Download(content, filename)
