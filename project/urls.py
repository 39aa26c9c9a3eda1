from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from project import health

urlpatterns = [
    path("admin/", admin.site.urls),
    re_path(r"^healthz/?$", health.healthz, name="healthz"),
    # The API's description, public like FastAPI's /openapi.json and /docs.
    re_path(
        r"^openapi\.json/?$",
        SpectacularJSONAPIView.as_view(authentication_classes=[]),
        name="openapi-schema",
    ),
    re_path(
        r"^docs/?$",
        # The split view serves Swagger UI's start-up script as a file of its
        # own: no inline script, so the Content-Security-Policy holds here too.
        SpectacularSwaggerSplitView.as_view(
            url_name="openapi-schema", authentication_classes=[], template_name="api/docs.html"
        ),
        name="swagger-ui",
    ),
    path("", include("chat.page_urls")),  # the browser pages: /login, /chat/...
    path("", include("accounts.urls")),
    path("", include("agents.urls")),
    path("", include("chat.urls")),
    path("", include("files.urls")),
]

handler400 = "project.api.bad_request"
handler403 = "project.api.permission_denied"
handler404 = "project.api.not_found"
handler500 = "project.api.server_error"
