"""Form of a training."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from trainings.forms_common import FrenchDecimalField, no_control_characters
from trainings.places import THEMES


class TrainingForm(FlaskForm):
    title = StringField(_l("Intitulé"),
                        validators=[no_control_characters, DataRequired(), Length(max=200)])
    theme = SelectField(_l("Thème"), choices=list(THEMES.items()))
    duration_hours = FrenchDecimalField(_l("Durée (heures)"), places=1, validators=[
        InputRequired(),
        NumberRange(min=0.5, max=999, message=_l("Une durée entre 0,5 et 999 heures."))])
    objectives = TextAreaField(_l("Objectifs"), validators=[no_control_characters])
    description = TextAreaField(_l("Description"), validators=[no_control_characters])
