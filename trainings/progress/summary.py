"""The progress report's summary in sentences built from its figures ("96 personnes formées,
dont 58 femmes (60,4 %)"), and its small-group warnings. Pure: the words come from Labels."""
from __future__ import annotations

from trainings.progress.report import ProgressReport
from trainings.progress.labels import Labels, number, percent


def _row(report: ProgressReport, key: str, group: str = "total"):
    return next(row for row in report.rows if row.key == key and row.group == group)


def summary_sentences(report: ProgressReport, labels: Labels) -> list[str]:
    """What the period achieved, in the reader's language, from the same figures as the table."""
    locale = labels.locale
    people = _row(report, "people_trained").period.value
    if not people:
        return [labels.summary_nothing]
    women = _row(report, "people_trained", "women").period.value
    share = _row(report, "share_women").period.value
    sentences = [
        labels.summary_people % {"people": number(people, locale, 0),
                                 "women": number(women, locale, 0),
                                 "share": percent(share, locale)},
        labels.summary_sessions % {
            "sessions": number(_row(report, "sessions_held").period.value, locale, 0),
            "half_days": number(_row(report, "half_days_delivered").period.value, locale, 0)}]
    completion = _row(report, "completion_rate").period.value
    if completion is not None:
        sentences.append(labels.summary_completion % {
            "rate": percent(completion, locale), "threshold": report.threshold})
    gain = _row(report, "mean_gain").period
    if gain.value is not None:
        sentences.append(labels.summary_gain % {"gain": number(gain.value, locale),
                                                "n": number(gain.n, locale, 0)})
    behind = list(dict.fromkeys(labels.indicators[row.key] for row in report.rows if row.behind))
    if behind:
        sentences.append(labels.summary_behind % {"indicators": " ; ".join(behind)})
    return sentences


def small_group_lines(report: ProgressReport, labels: Labels) -> list[str]:
    return [labels.small_line % {"indicator": labels.indicators[row.key],
                                 "group": labels.groups[row.group], "n": row.period.n}
            for row in report.small_rows()]
