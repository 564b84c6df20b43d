"""Bearer tokens of the read API: only a SHA-256 digest is kept, never the token itself."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from trainings.auth.models import User
from trainings.clock import UTCDateTime, utcnow
from trainings.extensions import db

PREFIX_LENGTH = 8


class ApiToken(db.Model):
    """A token a staff account uses from scripts; it acts with that account's role and region."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    # Hex SHA-256 of the token: a leaked table gives no usable token. The token carries 256
    # random bits, so a plain (unsalted, fast) hash is enough, unlike a password.
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True, index=True)
    # The token's first characters, shown on the account page to tell tokens apart.
    prefix: Mapped[str] = mapped_column(sa.String(PREFIX_LENGTH))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined", innerjoin=True)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.prefix}… user={self.user_id}>"
