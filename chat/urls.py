from django.urls import re_path

from chat import views

# Every path answers with and without its trailing slash, never redirecting.
# The conversation id is taken as any path segment so that a malformed one
# reaches the view and gets FastAPI's 422, not a 404.
CONVERSATION = r"(?P<conversation_id>[^/]+)"

urlpatterns = [
    re_path(r"^history/?$", views.HistoryListView.as_view(), name="history-list"),
    re_path(
        rf"^history/{CONVERSATION}/?$",
        views.HistoryConversationView.as_view(),
        name="history-conversation",
    ),
    re_path(
        rf"^history/{CONVERSATION}/export/?$",
        views.HistoryConversationExportView.as_view(),
        name="history-export",
    ),
    re_path(
        rf"^get_history_conversation/{CONVERSATION}/?$",
        views.HistoryConversationMessagesView.as_view(),
        name="history-messages",
    ),
    # The old backend's (and its front end's) spelling.
    re_path(
        rf"^get_history_conversatino/{CONVERSATION}/?$",
        views.HistoryConversationMessagesMisspeltView.as_view(),
        name="history-messages-misspelt",
    ),
]
