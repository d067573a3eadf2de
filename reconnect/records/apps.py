"""Records: the client's rights over their whole record, export (164.524) and deletion."""

from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "reconnect.records"
    label = "records"
    verbose_name = "Record export and deletion"
