"""Small building blocks shared by every feature: time, labelled enums,
enum columns and the domain errors that views turn into messages."""
from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, current_app

MUNICIPAL_TIMEZONE = ZoneInfo("Europe/Helsinki")


def utcnow() -> datetime:
    """The current time in UTC, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today() -> date:
    """Today's date in Finland: windows and deadlines are calendar dates there."""
    return datetime.now(MUNICIPAL_TIMEZONE).date()


class LabelledEnum(str, enum.Enum):
    """An enum whose members carry a translated label for the interface."""

    @classmethod
    def labels(cls) -> dict:
        raise NotImplementedError

    @property
    def label(self) -> str:
        return str(type(self).labels()[self])

    def __str__(self) -> str:
        return self.value


def enum_column_type(enum_cls: type[enum.Enum], name: str) -> sa.Enum:
    """A portable enum column: VARCHAR plus a named CHECK constraint."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class DomainError(Exception):
    """A rule of the domain refused the request; the message is for the user."""

    status_code = 400

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.details = details or []


def passes(check, *args, **kwargs) -> bool:
    """Whether a rule check passes, for showing or hiding a button."""
    try:
        check(*args, **kwargs)
    except DomainError:
        return False
    return True


class PermissionDenied(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


def the_application() -> Flask:
    """The application behind Flask's `current_app` proxy: the sender of
    signals, and what outlives the request (a thread, a callback)."""
    return current_app._get_current_object()  # type: ignore[attr-defined]  # Flask types the proxy as the app
