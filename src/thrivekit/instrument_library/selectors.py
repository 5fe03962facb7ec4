from dataclasses import dataclass

from thrivekit import instruments
from thrivekit.instrument_library.models import SiteInstrument

KIND_ORDER = ("assessment", "checklist", "groupings", "sectors")


@dataclass(frozen=True)
class InstrumentInUse:
    kind: str
    instrument: object  # a thrivekit.instruments model
    source: str
    site_instrument: SiteInstrument | None = None

    @property
    def title(self) -> str:
        return self.instrument.title

    @property
    def version(self) -> str:
        return self.instrument.version

    @property
    def instrument_id(self) -> str:
        return self.instrument.id


def instrument_in_use(*, site, kind: str) -> InstrumentInUse:
    loaded = SiteInstrument.objects.for_site(site).filter(kind=kind, is_active=True).first()
    if loaded is not None:
        model = instruments.load_text(loaded.source_text, source=loaded.source_name)
        source = f"Loaded from {loaded.source_name}"
        return InstrumentInUse(kind=kind, instrument=model, source=source, site_instrument=loaded)
    return InstrumentInUse(
        kind=kind, instrument=instruments.builtin(kind), source="Built-in wording"
    )


def instruments_in_use(*, site) -> list[InstrumentInUse]:
    return [instrument_in_use(site=site, kind=kind) for kind in KIND_ORDER]


def site_instrument_history(*, site):
    return SiteInstrument.objects.for_site(site).select_related("loaded_by")


def instrument_ref(instrument) -> str:
    """How answers record the instrument they were given against: "<id>@<version>"."""
    return f"{instrument.id}@{instrument.version}"


def instrument_by_ref(*, site, kind: str, ref: str):
    """The instrument a workshop was set up with, even if the site has since changed wording."""
    builtin = instruments.builtin(kind)
    # A loaded wording never has the built-in's version (site_instrument_load refuses it).
    if instrument_ref(builtin) == ref:
        return builtin
    instrument_id, _, version = ref.partition("@")
    loaded = (
        SiteInstrument.objects.for_site(site)
        .filter(kind=kind, instrument_id=instrument_id, version=version)
        .first()
    )
    if loaded is not None:
        return instruments.load_text(loaded.source_text, source=loaded.source_name)
    return instrument_in_use(site=site, kind=kind).instrument
