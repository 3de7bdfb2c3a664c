"""The demo municipality Esimerkkikunta (`flask demo load`)."""
