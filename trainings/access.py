"""Who may see and change what: login on every staff page, read-only observers, coordinators
confined to their region."""
from __future__ import annotations

from functools import wraps

from flask import abort, request
from flask_login import current_user

from trainings.auth.models import Role
from trainings.extensions import login_manager

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def guard_staff_blueprint() -> None:
    """before_request hook of every staff blueprint: no anonymous access, no writes by readers."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if request.method not in SAFE_METHODS and not current_user.can_edit:
        abort(403)
    return None


def guard_admin_blueprint() -> None:
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.role != Role.ADMIN:
        abort(403)
    return None


def roles_required(*roles: Role):
    """Restrict one view to some roles (on top of the blueprint guard)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def check_region(region: str | None, scope: str | None) -> None:
    """403 when an account confined to the region `scope` (None: every region) reaches into
    another region."""
    if scope is not None and region != scope:
        abort(403)


# Who may change what, by role (observers change nothing: guard_staff_blueprint). Coordinators
# plan their region's sessions; the catalogue of trainings and the question banks belong to the
# experts.
editors = roles_required(Role.ADMIN, Role.EXPERT, Role.COORDINATOR)
catalogue_editors = roles_required(Role.ADMIN, Role.EXPERT)  # the catalogue and question banks
