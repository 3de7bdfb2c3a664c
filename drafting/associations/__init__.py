"""Associations of a municipality and the people who represent them."""
