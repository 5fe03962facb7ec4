"""Files only the service may read: the generated secret key and the SQLite database."""

import os
import secrets
from pathlib import Path

SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def local_secret_key(data_dir: Path) -> str:
    path = data_dir / "secret_key"
    if not path.exists():
        # Created 0600 from the start, so the key is never readable by others, not even briefly.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def private_sqlite_files(database: Path) -> None:
    """Make the SQLite database readable by its owner only (0600), like the keys.

    The file is created here, before SQLite opens it, because SQLite gives its -wal, -shm and
    -journal files the database file's permissions. Files left 0644 by an earlier version are
    tightened too.
    """
    if not database.parent.is_dir():
        return
    if not database.exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for path in (database, *(Path(f"{database}{suffix}") for suffix in SQLITE_SIDE_FILES)):
        if path.exists() and path.stat().st_mode & 0o777 != 0o600:
            path.chmod(0o600)
