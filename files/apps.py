from django.apps import AppConfig


class FilesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "files"
    verbose_name = "Files"

    def ready(self) -> None:
        # Connects the receiver that deletes a row's stored file with the row.
        from files import signals  # noqa: F401
