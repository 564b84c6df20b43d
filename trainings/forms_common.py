"""Form pieces shared by several features."""
from __future__ import annotations

import re

from flask_babel import gettext as _, lazy_gettext as _l
from markupsafe import Markup, escape
from wtforms import DecimalField, SelectField, SelectMultipleField, widgets
from wtforms.validators import ValidationError

from trainings import places, spreadsheets


# Nobody types a control character: one comes from a paste, a script or a probe, and a workbook
# cannot hold most of them (openpyxl refuses them). A line of text holds none, C0, DEL or C1; a
# text area keeps tab and line breaks.
_CONTROL_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CONTROL_CHARACTERS_MESSAGE = _l("Ce champ contient des caractères de contrôle non autorisés.")


def has_control_characters(text: str, multiline: bool = False) -> bool:
    """Whether a text holds a control character: any of C0, DEL and C1 on one line; the same
    but tab, line feed and carriage return in a multi-line text."""
    return bool((_CONTROL_IN_TEXT if multiline else _CONTROL_IN_LINE).search(text))


class NoControlCharacters:
    """The validator every text field carries: a text area (its widget) may hold tab and line
    breaks, a one-line field no control character at all."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        multiline = isinstance(field.widget, widgets.TextArea)
        if isinstance(field.data, str) and has_control_characters(field.data, multiline):
            raise ValidationError(self.message or CONTROL_CHARACTERS_MESSAGE)


no_control_characters = NoControlCharacters()


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ProvinceSelect(widgets.Select):
    """Provinces grouped by region, so that the list reads as filtered by region."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        attrs = widgets.html_params(name=field.name, **kwargs)
        html = [f"<select {attrs}>"]
        if not field.flags.required:
            html.append(f'<option value="">{escape(_l("—"))}</option>')
        for region, region_label in places.REGIONS.items():
            options = [(code, lbl) for code, lbl in places.provinces_of(region)
                       if field.allowed_regions is None or region in field.allowed_regions]
            if not options:
                continue
            html.append(f'<optgroup label="{escape(region_label)}" data-region="{region}">')
            for code, lbl in options:
                selected = " selected" if field.data == code else ""
                html.append(f'<option value="{code}"{selected}>{escape(lbl)}</option>')
            html.append("</optgroup>")
        html.append("</select>")
        return Markup("".join(html))


class ProvinceField(SelectField):
    widget = ProvinceSelect()

    def __init__(self, *args, allowed_regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_regions = allowed_regions
        self.choices = [(code, lbl) for code, lbl in places.provinces_of(None)]

    def restrict(self, regions: list[str] | None) -> None:
        self.allowed_regions = regions
        self.choices = [(c, lbl) for c, lbl in places.provinces_of(None)
                        if regions is None or places.region_of_province(c) in regions]


def region_choices(scope: str | None) -> list[tuple[str, object]]:
    return [(code, lbl) for code, lbl in places.REGIONS.items() if scope in (None, code)]


class FrenchDecimalField(DecimalField):
    """A decimal typed the French way (6,5) or the English way (6.5)."""

    def process_formdata(self, valuelist):
        super().process_formdata([v.replace(",", ".").strip() for v in valuelist])


def upload_refusal(error: spreadsheets.SheetError) -> str | None:
    """The message for an upload refused before it is read (a zip that would exhaust the
    server, a sheet far too wide), the same for every import; None for the other errors."""
    if isinstance(error, spreadsheets.TooLargeUncompressed):
        return _("Le fichier est trop volumineux une fois décompressé (plus de %(n)s Mo) : "
                 "ce n'est pas une simple liste.", n=error.limit // (1024 * 1024))
    if isinstance(error, spreadsheets.TooManyEntries):
        return _("Le fichier contient plus de %(n)s éléments internes : ce n'est pas un "
                 "classeur ordinaire.", n=error.limit)
    if isinstance(error, spreadsheets.SuspiciousCompression):
        return _("Le fichier est anormalement compressé (plus de %(n)s fois) : il n'a pas "
                 "été lu.", n=error.limit)
    if isinstance(error, spreadsheets.TooManyStrings):
        return _("Le fichier contient plus de %(n)s textes différents : ce n'est pas une "
                 "simple liste.", n=error.limit)
    if isinstance(error, spreadsheets.TooManyColumns):
        return _("Le fichier contient plus de %(n)s colonnes : gardez seulement celles du "
                 "modèle.", n=error.limit)
    return None
