"""A municipality's whole history in one file, and back (`flask backup`)."""
