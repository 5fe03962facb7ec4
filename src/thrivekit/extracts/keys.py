"""Per-site pseudonymisation keys, kept outside the database (THRIVEKIT_KEYS_DIR)."""

import os
import secrets
from pathlib import Path

from django.conf import settings


def site_key(site) -> bytes:
    """The site's HMAC key, created on first use; readable by this user only."""
    folder = Path(settings.THRIVEKIT_KEYS_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"{site.id}.key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(32))
    return path.read_bytes()
