"""Pages anyone can read: the approved guideline and the association directory."""
