"""Everything held about a client, as a FHIR R4 Bundle (validated in tests with R4B models).

One module per resource family; `bundle` puts them together and `coverage` names which models
are exported and why the rest are not.
"""

from reconnect.records.export.bundle import SCHEMA_VERSION, fhir_bundle, resources
from reconnect.records.export.coverage import COUNSELLING_NOTES_REASON, EXCLUDED, EXPORTED

__all__ = [
    "COUNSELLING_NOTES_REASON",
    "EXCLUDED",
    "EXPORTED",
    "SCHEMA_VERSION",
    "fhir_bundle",
    "resources",
]
