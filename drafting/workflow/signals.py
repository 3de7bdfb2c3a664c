"""Signals other features listen to, so the workflow does not need to know them."""
from blinker import Namespace

_signals = Namespace()

# Sent after a round has moved, in the same transaction:
# round_moved.send(round_, user=..., from_state=..., to_state=...)
round_moved = _signals.signal("round-moved")
