from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources and claims"

    def ready(self):
        from sources.search_index import rebuild_index_after_migrate

        # A later migration that rebuilds a table on SQLite drops the search
        # triggers with it; put them back after every migrate.
        post_migrate.connect(rebuild_index_after_migrate, sender=self)
