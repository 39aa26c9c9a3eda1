from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        # Registers the Bearer scheme with drf-spectacular.
        from accounts import schema  # noqa: F401
        from accounts.tokens import user_changed

        # A changed or deleted user is never served from the token cache.
        user = get_user_model()
        post_save.connect(user_changed, sender=user, dispatch_uid="accounts-user-cache-save")
        post_delete.connect(user_changed, sender=user, dispatch_uid="accounts-user-cache-delete")
