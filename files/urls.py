"""Every path answers with and without its trailing slash, never redirecting."""

from django.urls import re_path

from files import views

app_name = "files"

urlpatterns = [
    re_path(r"^upload/(?P<conversation_id>[^/]+)/?$", views.UploadView.as_view(), name="upload"),
    re_path(r"^db/(?P<conversation_id>[^/]+)/?$", views.RunningTableView.as_view(), name="table"),
    re_path(
        r"^db/(?P<conversation_id>[^/]+)/(?P<rowid>[^/]+)/?$",
        views.RowDetailView.as_view(),
        name="row",
    ),
    re_path(r"^files/(?P<token>[^/]+)/?$", views.FileDownloadView.as_view(), name="download"),
]
