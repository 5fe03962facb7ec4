"""Where thrivekit keeps its data: the SQLite database, the demo secret key, site keys."""

import os
from pathlib import Path

import platformdirs


def data_dir() -> Path:
    """THRIVEKIT_HOME if set, else the platform's user data directory. Created on first use."""
    configured = os.environ.get("THRIVEKIT_HOME")
    path = Path(configured) if configured else Path(platformdirs.user_data_dir("thrivekit"))
    path.mkdir(parents=True, exist_ok=True)
    return path
