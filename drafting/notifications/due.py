"""The mail that falls due with time, contributed per application.

`flask mail send` first queues what has fallen due (reminders before a
window closes, digests, the links answering password-reset requests) and then
delivers the outbox. The notifications feature does not know every feature
that has such mail; each registers a job in its `init_app`:

    due.add_job(app, queue_feedback_digests, counted_as="digests")

A job takes no arguments and returns how many messages it queued. The jobs
are kept on the application (`app.extensions["due_mail"]`) in the order
registered, so an application runs exactly the jobs its features wired and
no import adds one by side effect.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from flask import Flask, current_app

EXTENSION = "due_mail"
Count = Literal["reminders", "digests"]


@dataclass(frozen=True)
class Job:
    queue: Callable[[], int]
    counted_as: Count | None = None


def add_job(app: Flask, queue: Callable[[], int], *, counted_as: Count | None = None) -> None:
    """Register a job once (registering it again changes nothing)."""
    jobs = app.extensions.setdefault(EXTENSION, [])
    job = Job(queue, counted_as)
    if job not in jobs:
        jobs.append(job)


def queue_due_mail() -> dict[str, int]:
    """Run every job of the current application; the messages queued, counted
    as reminders and digests (the others are not counted)."""
    queued = {"reminders": 0, "digests": 0}
    for job in current_app.extensions.get(EXTENSION, []):
        count = job.queue()
        if job.counted_as is not None:
            queued[job.counted_as] += count
    return queued
