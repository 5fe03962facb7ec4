from django.db import transaction

from thrivekit import instruments
from thrivekit.instrument_library.models import SiteInstrument
from thrivekit.instrument_library.selectors import instrument_ref

MAX_FILE_BYTES = 1_000_000


class InstrumentRejected(Exception):
    """The file is not a valid instrument. `problems` say where and why."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@transaction.atomic
def site_instrument_load(*, site, text: str, source_name: str, loaded_by=None) -> SiteInstrument:
    """Validate an alternative wording and make it the site's wording for that kind."""
    try:
        model = instruments.load_text(text, source=source_name)
    except instruments.InstrumentFileError as error:
        raise InstrumentRejected([str(problem) for problem in error.problems]) from error
    builtin = instruments.builtin(model.kind)
    problems = instruments.same_structure(builtin, model)
    if problems:
        raise InstrumentRejected(
            [f"{source_name}: {problem}" for problem in problems]
            + [
                f"{source_name}: an alternative wording must keep the ids of the built-in "
                f"{builtin.title} so that answers stay comparable."
            ]
        )
    if instrument_ref(model) == instrument_ref(builtin):
        # Answers record "<id>@<version>": a changed wording needs a version of its own.
        raise InstrumentRejected(
            [
                f"{source_name}: version {model.version} of {model.id} is the built-in "
                "wording's. Give your wording its own version."
            ]
        )
    if (
        SiteInstrument.objects.for_site(site)
        .filter(instrument_id=model.id, version=model.version)
        .exists()
    ):
        raise InstrumentRejected(
            [
                f"{source_name}: version {model.version} of {model.id} is already loaded for this site."
            ]
        )
    _deactivate(site=site, kind=model.kind)
    return SiteInstrument.objects.create(
        site=site,
        kind=model.kind,
        instrument_id=model.id,
        version=model.version,
        title=model.title,
        source_name=source_name,
        source_text=text,
        loaded_by=loaded_by,
    )


@transaction.atomic
def site_instrument_revert(*, site, kind: str) -> None:
    """Go back to the built-in wording for this kind."""
    _deactivate(site=site, kind=kind)


def _deactivate(*, site, kind: str) -> None:
    # Row by row, so that the audit log records each change.
    for loaded in SiteInstrument.objects.for_site(site).filter(kind=kind, is_active=True):
        loaded.is_active = False
        loaded.save(update_fields=["is_active", "updated_at"])
