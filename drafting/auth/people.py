"""The person a page or an operation is for, as the access rules see them.

A signed-in `User` is one; so is a visitor, Flask-Login's anonymous user, who
is not authenticated and has no id. Every rule asks `is_authenticated` first
and puts the other questions (roles, associations) to signed-in users alone,
so a visitor is never asked them."""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .models import StaffRoleKind


class Reader(Protocol):
    """What deciding who reads the internal remarks of a round asks: whether
    the reader is signed in and on the municipality's staff."""

    @property
    def is_authenticated(self) -> bool: ...

    def is_staff_of(self, municipality_id: int) -> bool: ...


class Person(Reader, Protocol):
    """What the rules ask of whoever is asking."""

    @property
    def id(self) -> int | None: ...

    def has_role(self, municipality_id: int, *kinds: StaffRoleKind) -> bool: ...

    def role_kinds(self, municipality_id: int) -> set[StaffRoleKind]: ...

    def association_ids(self, municipality_id: int | None = None) -> set[int]: ...

    def represents(self, association_id: int) -> bool: ...

    def is_representative_in(self, municipality_id: int) -> bool: ...
