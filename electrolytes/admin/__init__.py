"""The curator admin: declarative, with history (who changed what, when) on every curated model.

One module per topic: the curated records (curation), crystal structures and the CIF upload (structures),
the import runs and the curator upload page (imports), background jobs with their progress (jobs).
Importing the package registers them all.
"""

from . import curation, imports, jobs, structures  # noqa: F401
