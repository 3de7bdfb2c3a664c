"""Users, staff roles, logging in and invitations."""
