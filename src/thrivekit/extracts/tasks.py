"""The import task: validate and pseudonymise an upload, measure it, delete the raw files."""

import shutil
from datetime import date
from pathlib import Path

from django.conf import settings

from thrivekit import activity
from thrivekit.activity.importing import ImportFailed
from thrivekit.extracts.keys import site_key
from thrivekit.extracts.models import Extract
from thrivekit.tasks.services import TaskError


def extract_import(task, progress) -> dict:
    params = task.params
    extract = Extract.objects.for_site(task.site).get(pk=params["extract"])
    uploads = Path(settings.THRIVEKIT_UPLOADS_DIR) / str(extract.id)
    files = {role: uploads / name for role, name in params["files"].items()}
    folder = f"{task.site.id}/{extract.id}"
    out_dir = Path(settings.THRIVEKIT_EXTRACTS_DIR) / folder
    try:
        progress(0.02, "Checking the files")
        result = activity.import_extract(
            referrals=files["referrals"],
            contacts=files["contacts"],
            capacity=files.get("capacity"),
            mapping=files.get("mapping"),
            out_dir=out_dir,
            key=site_key(task.site),
            as_of=date.fromisoformat(params["as_of"]) if params.get("as_of") else None,
            progress=lambda step, fraction: progress(0.05 + 0.6 * fraction, f"Importing: {step}"),
        )
        progress(0.7, "Measuring demand, capacity, flow and waits")
        analysis = activity.analyse_parquet(
            result.out_dir,
            progress=lambda step, fraction: progress(0.7 + 0.3 * fraction, f"Measuring: {step}"),
        )
    except (activity.MissingColumnsError, ImportFailed) as error:
        # The import's messages are written for the uploader (no values, paths or SQL).
        shutil.rmtree(out_dir, ignore_errors=True)
        raise TaskError(str(error)) from None
    finally:
        # The raw upload is never kept, whatever happened.
        shutil.rmtree(uploads, ignore_errors=True)
    extract.analysis = analysis
    extract.folder = folder
    extract.as_of = result.as_of
    extract.save(update_fields=["analysis", "folder", "as_of", "updated_at"])
    return {"as_of": result.as_of.isoformat()}
