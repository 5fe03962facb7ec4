from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _cache_table_create(sender, using="default", **kwargs) -> None:
    # Rate limits count in the cache; with the database cache (production's default) its table
    # must exist. Every `migrate` (and `thrivekit serve`, which migrates on start) creates it
    # here, the first one on an upgraded installation too: no migration is needed for it.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "thrivekit.accounts"
    label = "accounts"

    def ready(self) -> None:
        post_migrate.connect(_cache_table_create, sender=self)
