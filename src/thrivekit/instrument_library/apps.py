from django.apps import AppConfig


class InstrumentLibraryConfig(AppConfig):
    name = "thrivekit.instrument_library"
    label = "instrument_library"
    verbose_name = "Instrument wordings"
