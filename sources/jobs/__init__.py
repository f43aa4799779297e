"""Background jobs the desk starts: a claim's re-link after its rules change, and the
ingestion of a large upload.

* archive.py: the members of an uploaded zip, read safely (no database);
* progress.py: a TaskRun's life (queued, running, done or failed) and its progress;
* relink.py: re-link after a rule change, reporting what was added, removed and kept;
* uploads.py: uploads held for a task, ingested with progress; origins that hold
  another article wait for the editor's decision.

The task functions that run them are in sources.tasks; the pages in sources.admin.
"""
