from django.urls import re_path

from agents.views import AgentListView

# Every path answers with and without its trailing slash, never redirecting.
urlpatterns = [
    re_path(r"^agents/?$", AgentListView.as_view(), name="agents-list"),
]
