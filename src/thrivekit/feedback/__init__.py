"""Qualitative feedback without Django: survey imports, redaction, safeguarding flags, themes."""
