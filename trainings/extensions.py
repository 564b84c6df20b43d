"""The extension singletons, bound to the application in create_app()."""
import uuid

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
import sqlalchemy as sa
from sqlalchemy import MetaData
from sqlalchemy.orm import MappedColumn, mapped_column

# Named constraints so that migrations can alter them on SQLite and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

db = SQLAlchemy(metadata=MetaData(naming_convention=NAMING))
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Keyed by the client's address; behind a reverse proxy set PROXY_FIX=1 (see create_app).
limiter = Limiter(key_func=get_remote_address)


def enum_type(enum_class, name: str, length: int = 20) -> sa.Enum:
    """A Python enum stored by value as a short string with a CHECK constraint: portable
    between SQLite and PostgreSQL, and cheap to extend in a migration."""
    return sa.Enum(enum_class, name=name, native_enum=False, create_constraint=True,
                   length=length, values_callable=lambda e: [m.value for m in e])


def code_type(codes, name: str, length: int = 30) -> sa.Enum:
    """One of a fixed list of codes (regions, provinces, kinds, themes), checked likewise."""
    return sa.Enum(*codes, name=name, native_enum=False, create_constraint=True, length=length)


def uid_column() -> MappedColumn:
    """A globally unique id made where the record is created (a UUID, native on PostgreSQL,
    32 hex characters on SQLite). A field kit's records keep it when they travel between
    servers, so that an import recognises a record it has already seen. Given in Python at
    creation, so every way of inserting a row (ORM or Core) gets one."""
    return mapped_column(sa.Uuid(as_uuid=True), default=uuid.uuid4, unique=True)
