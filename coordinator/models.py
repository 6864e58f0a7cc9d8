"""Every model, imported in one place so the metadata and Alembic see them all."""
from .accounts.models import Agency, ApiToken, Office, User  # noqa: F401
from .cases.models import Case, CaseParticipant, CaseShare  # noqa: F401
from .operations.models import Operation, OperationClearance, OperationEvent, OperationTarget  # noqa: F401
from .subjects.models import Association, SubjectRecord  # noqa: F401
from .conflicts.models import (  # noqa: F401
    AlertEvent, AlertSide, ConflictAlert, DeconflictionCheck, OperationCell, PersonTermCount, SubjectKey, SubjectLink,
)
from .notifications.models import Notification, OutboxMessage  # noqa: F401
from .review.models import LinkJudgement  # noqa: F401
from .outcomes.models import (  # noqa: F401
    Arrest, AssetSeizure, Disposition, Extradition, Indictment, LegalAssistanceRequest, Referral, Seizure,
    SeizureRecord, TraceRequest,
)
from .monitoring.models import MeasureValue, MouParty, MouRule, Mou, PerformanceMeasure  # noqa: F401
from .cases.models import Dissemination  # noqa: F401
from .audit.models import AuditBatch, AuditChainHead, AuditEvent  # noqa: F401
from .security.models import PasswordHistory, RateLimitHit, RecoveryCode  # noqa: F401
from .retention.models import RetentionReview  # noqa: F401
from .notifications.phone import PhoneMessage  # noqa: F401
from .watch.models import AlertEscalation, WatchCall, WatchItem, WatchRegion  # noqa: F401
from .federation.models import (  # noqa: F401
    FederatedKey, FederatedRecord, FederationNonce, FederationOutbox, FederationPeer,
)
from .jobs.models import Job  # noqa: F401
from .search.models import Lookup, SearchEntry  # noqa: F401
