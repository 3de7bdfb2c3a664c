"""Associations' wishes and comments on the sections of a drafting round."""
