"""Signals of the document, so that it does not need to know who follows it.

The sender is the application: a feature connects its receiver in its
`init_app` with `section_changed.connect(receiver, sender=app)`, so only the
applications that wired the feature run it, and importing a module connects
nothing."""
from blinker import Namespace

_signals = Namespace()

# Sent when a section gets a new version, in the same transaction:
# section_changed.send(app, section=..., version=...)
section_changed = _signals.signal("section-changed")
