from django.apps import AppConfig


class ChatConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "chat"
    verbose_name = "Chat"

    def ready(self) -> None:
        # Tool jobs run in other processes (the local pool, Celery workers) and
        # find their conversation through chat's one ownership check; agents
        # import nothing from chat, so chat hands it over here, in every process.
        from agents.jobs.context import set_conversation_loader
        from chat.selectors import conversation_for_user

        set_conversation_loader(conversation_for_user)
