"""FastAPI Users' paths, each with and without its trailing slash (no redirects)."""

from django.urls import re_path

from accounts import views

urlpatterns = [
    re_path(r"^auth/jwt/login/?$", views.LoginView.as_view(), name="auth-login"),
    re_path(r"^auth/jwt/logout/?$", views.LogoutView.as_view(), name="auth-logout"),
    re_path(r"^auth/register/?$", views.RegisterView.as_view(), name="auth-register"),
    re_path(
        r"^auth/forgot-password/?$", views.ForgotPasswordView.as_view(), name="auth-forgot-password"
    ),
    re_path(
        r"^auth/reset-password/?$", views.ResetPasswordView.as_view(), name="auth-reset-password"
    ),
    re_path(
        r"^auth/request-verify-token/?$",
        views.RequestVerifyTokenView.as_view(),
        name="auth-request-verify-token",
    ),
    re_path(r"^auth/verify/?$", views.VerifyView.as_view(), name="auth-verify"),
    re_path(r"^users/me/?$", views.MeView.as_view(), name="users-me"),
    re_path(r"^users/me/usage/?$", views.UsageView.as_view(), name="users-me-usage"),
    re_path(r"^users/(?P<user_id>[^/]+)/?$", views.UserDetailView.as_view(), name="users-detail"),
    re_path(
        r"^authenticated-route/?$",
        views.AuthenticatedRouteView.as_view(),
        name="authenticated-route",
    ),
]
