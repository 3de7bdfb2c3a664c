"""Signals other features listen to, so the workflow does not need to know them.

The sender is the application: a feature connects its receiver in its
`init_app` with `round_moved.connect(receiver, sender=app)`, so only the
applications that wired the feature run it, and importing a module connects
nothing."""
from blinker import Namespace

_signals = Namespace()

# Sent after a round has moved, in the same transaction:
# round_moved.send(app, round_=..., user=..., from_state=..., to_state=...)
round_moved = _signals.signal("round-moved")
