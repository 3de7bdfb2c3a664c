"""The guideline as documents: the council's DOCX, the DOCX with tracked
changes, the agenda text, the published guideline and the DOCX import."""
