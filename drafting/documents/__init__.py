"""The document of a drafting round: sections, their versions and rich text."""
