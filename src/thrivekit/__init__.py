"""thrivekit: run Phase 1 of implementing the THRIVE Framework."""

__version__ = "0.1.0"
