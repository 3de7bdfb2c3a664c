"""Who may do what, stated once (`rules.py`) and tied to every route
(`table.py`). Views call `check`, templates `may`, operations `ensure`."""
from __future__ import annotations

from typing import Any

from flask import abort, g, request
from flask_login import current_user

from ..core import PermissionDenied
from ..extensions import login_manager
from ..workflow.queries import get_round_or_404
from .rules import PERMISSIONS, RoundAction
from .table import ROUTES, nothing, route

__all__ = ["PERMISSIONS", "ROUTES", "RoundAction", "allows", "check", "check_reading", "ensure", "may", "refuse",
           "route"]


def may(permission: str, target: Any = None, user=None) -> bool:
    """Whether the person (the current one unless named) has the permission on the object."""
    return PERMISSIONS[permission](current_user if user is None else user, target)


def ensure(permission: str, target: Any, user, message: Any = None) -> None:
    """Refuse (403, with the permission's reason or the given one) unless the person may."""
    chosen = PERMISSIONS[permission]
    if not chosen(user, target):
        raise PermissionDenied(str(message) if message else chosen.reason(user, target))


def check(target: Any = None) -> None:
    """The request's route asks the table for its permission on the object
    the view has loaded: a visitor who is not signed in is sent to log in,
    anyone else refused with 403."""
    entry = route(request.endpoint, request.method)
    if entry is None:
        abort(403)
    g.access_checked = True
    if not entry.permission(current_user, target):
        refuse(entry.permission.reason(current_user, target))


def check_reading(round_) -> None:
    """A page about something in a round is first refused to whoever does not
    read the round (before anything in it is looked up)."""
    if not PERMISSIONS["read_round"](current_user, round_):
        refuse(PERMISSIONS["read_round"].refusal)


def readable_round(round_id: int, *, for_update: bool = False):
    """The round, once the person may read it (404 for no round, then the
    refusal of `check_reading`): the first step of every page in a round."""
    round_ = get_round_or_404(round_id, for_update=for_update)
    check_reading(round_)
    return round_


def refuse(message: Any = None) -> None:
    if not current_user.is_authenticated:
        abort(login_manager.unauthorized())
    raise PermissionDenied(str(message or PERMISSIONS["anyone"].refusal))


def allows(endpoint: str, method: str, user, args: dict) -> bool:
    """Whether the table grants the route with these parameters to the person."""
    entry = ROUTES[(endpoint, method)]
    target = entry.find(args)
    if target is None and entry.find is not nothing:
        return False
    return entry.permission(user, target)

