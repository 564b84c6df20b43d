"""Every table of the application, imported in one place for Alembic and the shell."""
from trainings.assessments.models import (  # noqa: F401
    Answer, Attempt, AttemptKind, AttemptMethod, AttemptReset, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
    SessionQuestion, SessionTest,
)
from trainings.attendance.models import (  # noqa: F401
    CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog,
)
from trainings.audit.models import AuditEntry  # noqa: F401
from trainings.auth.models import ApiToken, Role, User  # noqa: F401
from trainings.catalogue.models import Training  # noqa: F401
from trainings.field.models import FieldCopy, FieldKit, FieldUpload  # noqa: F401
from trainings.progress.models import ProgressTarget  # noqa: F401
from trainings.registry.models import (  # noqa: F401
    Organization, Participant, PersonMerge, Registration, RegistrationSource, Sex,
)
from trainings.schedule.models import (  # noqa: F401
    HalfDay, Period, Session, SessionAudience, SessionStatus, WindowOverride,
)
