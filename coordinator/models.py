"""Every model, imported in one place so the metadata and Alembic see them all."""
from .accounts.models import Agency, ApiToken, Office, User  # noqa: F401
from .cases.models import Case, CaseParticipant, CaseShare  # noqa: F401
from .operations.models import Operation, OperationClearance, OperationEvent, OperationTarget  # noqa: F401
from .subjects.models import Association, SubjectRecord  # noqa: F401
from .conflicts.models import (  # noqa: F401
    AlertEvent, AlertSide, ConflictAlert, DeconflictionCheck, OperationCell, SubjectKey, SubjectLink,
)
