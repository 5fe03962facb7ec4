import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from thrivekit.extracts.models import Extract
from thrivekit.tasks.services import task_enqueue

ALLOWED_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".parquet", ".yaml", ".yml"}
ROLES = ("referrals", "contacts", "capacity", "mapping")


def _save_upload(upload, folder: Path, role: str) -> str:
    suffix = Path(upload.name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise ValidationError({role: f"{upload.name} is not a CSV, Excel, Parquet or YAML file"})
    if upload.size > settings.THRIVEKIT_MAX_UPLOAD_BYTES:
        raise ValidationError({role: f"{upload.name} is too large"})
    # A generated name: nothing the uploader chose reaches the file system.
    path = folder / f"{role}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path.name


def extract_upload(
    *, site, name: str, files: dict, as_of, uploaded_by, run_now: bool = False
) -> Extract:
    """Keep the uploaded files for the import task, which deletes them when it ends."""
    extract_id = uuid.uuid4()
    folder = Path(settings.THRIVEKIT_UPLOADS_DIR) / str(extract_id)
    folder.mkdir(parents=True, exist_ok=False, mode=0o700)
    try:
        saved = {
            role: _save_upload(upload, folder, role) for role, upload in files.items() if upload
        }
        with transaction.atomic():
            extract = Extract.objects.create(
                id=extract_id,
                site=site,
                name=name.strip()[:200],
                as_of=as_of,
                uploaded_by=uploaded_by,
            )
            extract.task = task_enqueue(
                site=site,
                kind="extract_import",
                params={
                    "extract": str(extract.id),
                    "files": saved,
                    "as_of": as_of.isoformat() if as_of else None,
                },
                created_by=uploaded_by,
                run_now=run_now,
            )
            extract.save(update_fields=["task", "updated_at"])
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return extract


@transaction.atomic
def extract_delete(*, extract: Extract) -> None:
    """Delete the extract, its Parquet and its import task (whose record names its files and
    any error the import met)."""
    if extract.folder:
        shutil.rmtree(Path(settings.THRIVEKIT_EXTRACTS_DIR) / extract.folder, ignore_errors=True)
    task = extract.task
    extract.delete()
    if task is not None:
        task.delete()
