from blinker import Namespace

_signals = Namespace()

# Sent when a section gets a new version, in the same transaction:
# section_changed.send(section, version=version)
section_changed = _signals.signal("section-changed")
