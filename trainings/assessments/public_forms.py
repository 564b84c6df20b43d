"""Forms of the participant's test pages. The answers themselves are read from the posted
fields q<question id> and s<item id>, whose number depends on the test."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, ValidationError

from trainings.registry.normalize import contact_key

from trainings.attendance.forms import at_most
from trainings.forms_common import no_control_characters

TARGETS = ("test", "satisfaction")


class ContactForm(FlaskForm):
    """Who are you, when this phone does not know: the phone or e-mail given at check-in."""

    contact = StringField(_l("Votre téléphone ou votre e-mail"),
                          validators=[no_control_characters, DataRequired(), at_most(254)],
                          render_kw={"autocomplete": "tel", "inputmode": "tel", "dir": "ltr"})
    target = HiddenField(default="test", validators=[no_control_characters])

    def validate_contact(self, field):
        if contact_key(field.data) is None:
            raise ValidationError(_l("Tapez votre numéro de téléphone (par exemple "
                                     "06 61 23 45 67) ou votre adresse e-mail."))

    def target_page(self) -> str:
        return self.target.data if self.target.data in TARGETS else "test"


class ProofForm(FlaskForm):
    """The test or questionnaire form: its signed proof of who answers what, since when."""

    proof = HiddenField(validators=[no_control_characters, DataRequired()])
