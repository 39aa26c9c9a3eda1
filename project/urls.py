from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("chat.page_urls")),  # the browser pages: /login, /chat/...
    path("", include("accounts.urls")),
    path("", include("agents.urls")),
    path("", include("chat.urls")),
    path("", include("files.urls")),
]

handler404 = "project.api.not_found"
handler500 = "project.api.server_error"
