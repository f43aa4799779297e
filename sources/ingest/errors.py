"""The one error ingestion raises for a file it cannot use."""


class IngestError(ValueError):
    """A document cannot be ingested; ``str(error)`` is the reason, in plain words."""
