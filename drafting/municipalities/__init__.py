"""Municipalities and their guideline."""
