"""Change proposals: new wording for a section, shown as tracked changes,
re-based when the section changes, accepted, edited or rejected."""
