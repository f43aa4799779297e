from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

from sources.dataversion import bump_after_migrate, watch_writes
from sources.search_index import rebuild_index_after_migrate


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and claims"

    def ready(self):
        # A later migration that rebuilds a table on SQLite drops the search
        # triggers with it; put them back after every migrate.
        post_migrate.connect(rebuild_index_after_migrate, sender=self)
        # Every write to the sources and timeline tables changes the data version
        # that keys the page cache (see sources/dataversion.py); so does a deploy.
        connection_created.connect(watch_writes, dispatch_uid="sources.dataversion")
        post_migrate.connect(bump_after_migrate, sender=self, dispatch_uid="sources.dataversion")
