"""The FastAPI Users 14 routes the old backend mounted, with its bodies and codes."""

from __future__ import annotations

from django.contrib.auth import logout as session_logout
from django.http import HttpResponse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import budgets, services, throttling
from accounts.models import User
from accounts.selectors import user_get
from accounts.serializers import (
    AccessTokenSerializer,
    EmailSerializer,
    LoginSerializer,
    MessageSerializer,
    RegisterSerializer,
    ResetPasswordSerializer,
    UsageSerializer,
    UserSerializer,
    UserUpdateSerializer,
    VerifySerializer,
)
from accounts.tokens import mint_access_token, revoke_token
from project.api import (
    ApiError,
    ErrorCodeOrReasonSerializer,
    ErrorSerializer,
    ValidationErrorSerializer,
)
from project.parsers import JSONParser

UNAUTHORIZED = OpenApiResponse(
    ErrorSerializer,
    description='Missing, bad or revoked token, or inactive user: `{"detail": "Unauthorized"}`.',
)
FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description='Not a superuser: `{"detail": "Forbidden"}`.'
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description='No such user (or a malformed id): `{"detail": "Not Found"}`.'
)
UNPROCESSABLE = OpenApiResponse(
    ValidationErrorSerializer,
    description="Malformed body: FastAPI's list of problems, `loc` names the field.",
)
ACCEPTED_NULL = OpenApiResponse(
    None, description="Accepted; the body is `null` whether or not the address is known."
)


def _error_code(code: str, summary: str) -> OpenApiExample:
    return OpenApiExample(
        code, summary=summary, value={"detail": code}, status_codes=["400"], response_only=True
    )


def _error_reason(code: str, summary: str) -> OpenApiExample:
    return OpenApiExample(
        code,
        summary=summary,
        value={
            "detail": {
                "code": code,
                "reason": "This password is too short. It must contain at least 8 characters.",
            }
        },
        status_codes=["400"],
        response_only=True,
    )


def _valid(serializer_class: type, request: Request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)  # 422 in FastAPI's shape (project/api.py)
    return serializer.validated_data


def _null(status_code: int) -> HttpResponse:
    # FastAPI answers a handler's None with the JSON ``null``; DRF would send
    # an empty body.
    return HttpResponse(b"null", content_type="application/json", status=status_code)


def _password_error(code: str, exc: services.InvalidPassword) -> ApiError:
    return ApiError({"code": code, "reason": exc.reason})


class PublicView(APIView):
    """No authentication: a stale ``Authorization`` header must not turn a login into a 401."""

    authentication_classes: list = []
    permission_classes = [AllowAny]


class IsSuperuser(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)


# --- /auth/jwt ----------------------------------------------------------------


class LoginView(PublicView):
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="auth_jwt_login",
        summary="Log in",
        description=(
            "FastAPI Users' form: `username` (the e-mail address) and `password`, form-encoded; "
            "a JSON object with the same fields is accepted too. Unknown e-mail, wrong password "
            "and inactive user get the same 400. Repeated failures for one account or from one "
            "address get 429 with `Retry-After` until the window is over."
        ),
        tags=["auth"],
        request={
            "application/x-www-form-urlencoded": LoginSerializer,
            "multipart/form-data": LoginSerializer,
            "application/json": LoginSerializer,
        },
        responses={
            200: AccessTokenSerializer,
            400: OpenApiResponse(ErrorSerializer, description="`LOGIN_BAD_CREDENTIALS`"),
            422: UNPROCESSABLE,
            429: OpenApiResponse(
                ErrorSerializer, description="Too many failed logins; see `Retry-After`."
            ),
        },
        examples=[_error_code("LOGIN_BAD_CREDENTIALS", "Bad credentials or the user is inactive.")],
    )
    def post(self, request: Request) -> Response:
        data = _valid(LoginSerializer, request)
        email, address = data["username"], request.META.get("REMOTE_ADDR", "")
        retry_after = throttling.login_retry_after(email=email, address=address)
        if retry_after is not None:
            response = Response(
                {"detail": f"Too many failed logins. Try again in {retry_after} seconds."},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
            response["Retry-After"] = str(retry_after)
            return response
        user = services.user_authenticate(email=email, password=data["password"])
        if user is None:
            throttling.login_failure_record(email=email, address=address)
            raise ApiError("LOGIN_BAD_CREDENTIALS")
        throttling.login_failures_clear(email=email)
        return Response({"access_token": mint_access_token(user), "token_type": "bearer"})


class LogoutView(APIView):
    @extend_schema(
        operation_id="auth_jwt_logout",
        summary="Log out",
        description="Revokes the Bearer token: using it again gets 401. A session cookie is ended instead.",
        tags=["auth"],
        request=None,
        responses={
            204: OpenApiResponse(None, description="Logged out; empty body."),
            401: UNAUTHORIZED,
        },
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, str):
            revoke_token(request.auth)
        else:
            session_logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- /auth: register, reset, verify -------------------------------------------


class RegisterView(PublicView):
    @extend_schema(
        operation_id="register_register",
        summary="Register",
        description="`is_active`, `is_superuser` and `is_verified` are checked to be booleans and ignored.",
        tags=["auth"],
        request=RegisterSerializer,
        responses={
            201: UserSerializer,
            400: OpenApiResponse(
                ErrorCodeOrReasonSerializer,
                description="`REGISTER_USER_ALREADY_EXISTS` or `{code: REGISTER_INVALID_PASSWORD, reason}`",
            ),
            422: UNPROCESSABLE,
        },
        examples=[
            _error_code("REGISTER_USER_ALREADY_EXISTS", "A user with this email already exists."),
            _error_reason("REGISTER_INVALID_PASSWORD", "Password validation failed."),
        ],
    )
    def post(self, request: Request) -> Response:
        data = _valid(RegisterSerializer, request)
        try:
            user = services.user_register(email=data["email"], password=data["password"])
        except services.UserAlreadyExists as exc:
            raise ApiError("REGISTER_USER_ALREADY_EXISTS") from exc
        except services.InvalidPassword as exc:
            raise _password_error("REGISTER_INVALID_PASSWORD", exc) from exc
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class ForgotPasswordView(PublicView):
    @extend_schema(
        operation_id="reset_forgot_password",
        summary="Ask for a password reset token",
        description="An active user with this address gets a reset token by e-mail, valid an hour.",
        tags=["auth"],
        request=EmailSerializer,
        responses={202: ACCEPTED_NULL, 422: UNPROCESSABLE},
    )
    def post(self, request: Request) -> Response:
        data = _valid(EmailSerializer, request)
        services.password_reset_request(email=data["email"])
        return _null(status.HTTP_202_ACCEPTED)


class ResetPasswordView(PublicView):
    @extend_schema(
        operation_id="reset_reset_password",
        summary="Set a new password with a reset token",
        tags=["auth"],
        request=ResetPasswordSerializer,
        responses={
            200: OpenApiResponse(None, description="The password is changed; the body is `null`."),
            400: OpenApiResponse(
                ErrorCodeOrReasonSerializer,
                description="`RESET_PASSWORD_BAD_TOKEN` or `{code: RESET_PASSWORD_INVALID_PASSWORD, reason}`",
            ),
            422: UNPROCESSABLE,
        },
        examples=[
            _error_code(
                "RESET_PASSWORD_BAD_TOKEN", "Bad, expired or used token, or inactive user."
            ),
            _error_reason("RESET_PASSWORD_INVALID_PASSWORD", "Password validation failed."),
        ],
    )
    def post(self, request: Request) -> Response:
        data = _valid(ResetPasswordSerializer, request)
        try:
            services.password_reset(token=data["token"], password=data["password"])
        except services.BadToken as exc:
            raise ApiError("RESET_PASSWORD_BAD_TOKEN") from exc
        except services.InvalidPassword as exc:
            raise _password_error("RESET_PASSWORD_INVALID_PASSWORD", exc) from exc
        return _null(status.HTTP_200_OK)


class RequestVerifyTokenView(PublicView):
    @extend_schema(
        operation_id="verify_request_token",
        summary="Ask for an e-mail verification token",
        description="An active, unverified user with this address gets a verify token by e-mail, valid an hour.",
        tags=["auth"],
        request=EmailSerializer,
        responses={202: ACCEPTED_NULL, 422: UNPROCESSABLE},
    )
    def post(self, request: Request) -> Response:
        data = _valid(EmailSerializer, request)
        services.verification_request(email=data["email"])
        return _null(status.HTTP_202_ACCEPTED)


class VerifyView(PublicView):
    @extend_schema(
        operation_id="verify_verify",
        summary="Verify an e-mail address with a verify token",
        tags=["auth"],
        request=VerifySerializer,
        responses={
            200: UserSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="`VERIFY_USER_BAD_TOKEN` or `VERIFY_USER_ALREADY_VERIFIED`",
            ),
            422: UNPROCESSABLE,
        },
        examples=[
            _error_code(
                "VERIFY_USER_BAD_TOKEN", "Bad or expired token, or not the user's current address."
            ),
            _error_code("VERIFY_USER_ALREADY_VERIFIED", "The user is already verified."),
        ],
    )
    def post(self, request: Request) -> Response:
        data = _valid(VerifySerializer, request)
        try:
            user = services.user_verify(token=data["token"])
        except services.BadToken as exc:
            raise ApiError("VERIFY_USER_BAD_TOKEN") from exc
        except services.AlreadyVerified as exc:
            raise ApiError("VERIFY_USER_ALREADY_VERIFIED") from exc
        return Response(UserSerializer(user).data)


# --- /users -------------------------------------------------------------------

UPDATE_ERRORS = OpenApiResponse(
    ErrorCodeOrReasonSerializer,
    description="`UPDATE_USER_EMAIL_ALREADY_EXISTS` or `{code: UPDATE_USER_INVALID_PASSWORD, reason}`",
)
UPDATE_EXAMPLES = [
    _error_code("UPDATE_USER_EMAIL_ALREADY_EXISTS", "A user with this email already exists."),
    _error_reason("UPDATE_USER_INVALID_PASSWORD", "Password validation failed."),
]


def _update(user: User, data: dict, *, with_flags: bool) -> User:
    flags = {name: data.get(name) for name in ("is_active", "is_superuser", "is_verified")}
    try:
        return services.user_update(
            user=user,
            email=data.get("email"),
            password=data.get("password"),
            **(flags if with_flags else {}),
        )
    except services.UserAlreadyExists as exc:
        raise ApiError("UPDATE_USER_EMAIL_ALREADY_EXISTS") from exc
    except services.InvalidPassword as exc:
        raise _password_error("UPDATE_USER_INVALID_PASSWORD", exc) from exc


class UsageView(APIView):
    @extend_schema(
        operation_id="users_current_user_usage",
        summary="The current user's token usage and budgets",
        description=(
            "Tokens used today and this calendar month (UTC) by the user's answers, each "
            "against its budget (`limit`, `remaining`; null when unlimited), and the limit on "
            "questions a minute over the socket. A question asked with a budget spent gets "
            "an `error` event and `done`."
        ),
        tags=["users"],
        responses={200: UsageSerializer, 401: UNAUTHORIZED},
    )
    def get(self, request: Request) -> Response:
        return Response(UsageSerializer(budgets.usage_for(request.user)).data)


class MeView(APIView):
    @extend_schema(
        operation_id="users_current_user",
        summary="The current user",
        tags=["users"],
        responses={200: UserSerializer, 401: UNAUTHORIZED},
    )
    def get(self, request: Request) -> Response:
        return Response(UserSerializer(request.user).data)

    @extend_schema(
        operation_id="users_patch_current_user",
        summary="Change the current user's e-mail address or password",
        description="The flags are checked and ignored. A new address makes the user unverified.",
        tags=["users"],
        request=UserUpdateSerializer,
        responses={200: UserSerializer, 400: UPDATE_ERRORS, 401: UNAUTHORIZED, 422: UNPROCESSABLE},
        examples=UPDATE_EXAMPLES,
    )
    def patch(self, request: Request) -> Response:
        data = _valid(UserUpdateSerializer, request)
        user = _update(request.user, data, with_flags=False)
        return Response(UserSerializer(user).data)

    @extend_schema(
        operation_id="users_delete_current_user",
        summary="DELETE /users/{user_id} with the id `me`",
        description=(
            "FastAPI Users routes this to the superuser's delete with `me` as the id: "
            "403 for anyone else, 404 for a superuser (no user has that id)."
        ),
        tags=["users"],
        responses={401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def delete(self, request: Request) -> Response:
        # FastAPI routes DELETE /users/me to DELETE /users/{id} with id "me":
        # a superuser gets 404, anyone else 403 (or 401).
        if not IsSuperuser().has_permission(request, self):
            self.permission_denied(request)
        raise ApiError("Not Found", status_code=status.HTTP_404_NOT_FOUND)


class UserDetailView(APIView):
    permission_classes = [IsAuthenticated, IsSuperuser]

    def _user(self, user_id: str) -> User:
        user = user_get(user_id=user_id)
        if user is None:
            raise ApiError("Not Found", status_code=status.HTTP_404_NOT_FOUND)
        return user

    @extend_schema(
        operation_id="users_user",
        summary="A user (superusers only)",
        tags=["users"],
        responses={200: UserSerializer, 401: UNAUTHORIZED, 403: FORBIDDEN, 404: NOT_FOUND},
    )
    def get(self, request: Request, user_id: str) -> Response:
        return Response(UserSerializer(self._user(user_id)).data)

    @extend_schema(
        operation_id="users_patch_user",
        summary="Change a user, flags included (superusers only)",
        tags=["users"],
        request=UserUpdateSerializer,
        responses={
            200: UserSerializer,
            400: UPDATE_ERRORS,
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            422: UNPROCESSABLE,
        },
        examples=UPDATE_EXAMPLES,
    )
    def patch(self, request: Request, user_id: str) -> Response:
        user = self._user(user_id)
        data = _valid(UserUpdateSerializer, request)
        return Response(UserSerializer(_update(user, data, with_flags=True)).data)

    @extend_schema(
        operation_id="users_delete_user",
        summary="Delete a user and everything they own (superusers only)",
        tags=["users"],
        responses={
            204: OpenApiResponse(None, description="Deleted; empty body."),
            401: UNAUTHORIZED,
            403: FORBIDDEN,
            404: NOT_FOUND,
        },
    )
    def delete(self, request: Request, user_id: str) -> Response:
        services.user_delete(user=self._user(user_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuthenticatedRouteView(APIView):
    @extend_schema(
        operation_id="authenticated_route",
        summary="Say hello to the token's user",
        tags=["users"],
        responses={200: MessageSerializer, 401: UNAUTHORIZED},
    )
    def get(self, request: Request) -> Response:
        return Response({"message": f"Hello {request.user.email}!"})
