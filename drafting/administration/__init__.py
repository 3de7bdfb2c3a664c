"""The coordinator's administration of users and associations."""
