"""Qualitative feedback without Django: survey imports, redaction, safeguarding flags, themes.

- :mod:`.surveys`: survey exports as they come (Microsoft Forms, LimeSurvey, REDCap, KoboToolbox,
  SmartSurvey, any CSV/XLSX), sniffed, mapped and read all-or-nothing.
- :mod:`.protect`: personal data masked on entry; safeguarding phrases flagged.
- :mod:`.themes`: suggested themes offline (TF-IDF + NMF; optional local embeddings).
- :mod:`.qdpx` and :mod:`.codebook`: REFI-QDA projects and Taguette-compatible codebooks.
- :mod:`.cli`: ``thrivekit feedback themes``; :mod:`.evaluation`: figures for the benchmarks.
"""
