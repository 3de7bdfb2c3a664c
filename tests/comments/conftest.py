"""The comments tests use the town of tests/conftest.py."""
