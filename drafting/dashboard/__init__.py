"""Each user's start page: what needs them now."""
