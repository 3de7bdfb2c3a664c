"""The proposals tests use the town of tests/conftest.py."""
