"""Request and response bodies of the FastAPI Users routes.

Input is checked the way FastAPI Users' pydantic schemas checked it: a string
field refuses a number (``string_type``), a flag refuses what is not a
boolean (``bool_parsing``), null means "not given" for optional fields.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import User


class StrictCharField(serializers.CharField):
    """A string, never a number coerced to one.

    Trimmed and not blank: white space alone is refused, and the schema says
    so (``pattern: \\S``, a character that is not white space).
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.trim_whitespace and not self.allow_blank:
            self.validators.append(RegexValidator(r"\S", message="This field may not be blank."))

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError("Input should be a valid string", code="string_type")
        return super().to_internal_value(data)


class StrictEmailField(serializers.EmailField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            raise serializers.ValidationError("Input should be a valid string", code="string_type")
        return super().to_internal_value(data)


# What FlagField takes, as OpenAPI: a boolean, 0 or 1, or one of DRF's words
# for true, false and null (any case), as pydantic's lax mode took them.
FLAG_SCHEMA = {
    "nullable": True,
    "anyOf": [
        {"type": "boolean"},
        {"enum": [0, 1]},
        {
            "type": "string",
            "enum": sorted(
                {str(value) for value in serializers.BooleanField.TRUE_VALUES}
                | {str(value) for value in serializers.BooleanField.FALSE_VALUES}
                | {value for value in serializers.BooleanField.NULL_VALUES if value is not None}
            ),
        },
    ],
}


@extend_schema_field(FLAG_SCHEMA)
class FlagField(serializers.BooleanField):
    """A boolean as pydantic's lax mode reads one (true/false, 1/0, "yes"/"no"...)."""

    def to_internal_value(self, data: Any) -> bool:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError(
                "Input should be a valid boolean", code="bool_parsing"
            ) from exc


def _password(**kwargs: Any) -> StrictCharField:
    # Spaces are part of a password; an empty one is refused by the
    # validators (400 with a reason), as FastAPI Users did, not by parsing.
    return StrictCharField(trim_whitespace=False, allow_blank=True, **kwargs)


def _email(**kwargs: Any) -> StrictEmailField:
    return StrictEmailField(max_length=320, **kwargs)


def _flag() -> FlagField:
    return FlagField(required=False, allow_null=True)


class LoginSerializer(serializers.Serializer):
    """FastAPI's ``OAuth2PasswordRequestForm``: ``username`` is the e-mail address."""

    username = StrictCharField(max_length=320)
    password = StrictCharField(trim_whitespace=False)
    grant_type = serializers.RegexField(r"^password$", required=False, allow_null=True)
    scope = StrictCharField(required=False, allow_blank=True, default="")
    client_id = StrictCharField(required=False, allow_null=True)
    client_secret = StrictCharField(required=False, allow_null=True)


class AccessTokenSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField(default="bearer")


class RegisterSerializer(serializers.Serializer):
    """``email`` and ``password``; the flags are type-checked and ignored."""

    email = _email()
    password = _password()
    is_active = _flag()
    is_superuser = _flag()
    is_verified = _flag()


class EmailSerializer(serializers.Serializer):
    email = _email()


class ResetPasswordSerializer(serializers.Serializer):
    token = StrictCharField()
    password = _password()


class VerifySerializer(serializers.Serializer):
    token = StrictCharField()


class UserUpdateSerializer(serializers.Serializer):
    """Any of the fields; null is the same as leaving a field out.

    On ``/users/me`` the flags are checked and ignored; a superuser's
    ``PATCH /users/<id>`` applies them.
    """

    email = _email(required=False, allow_null=True)
    password = _password(required=False, allow_null=True)
    is_active = _flag()
    is_superuser = _flag()
    is_verified = _flag()


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "is_active", "is_superuser", "is_verified"]
        read_only_fields = fields


class MessageSerializer(serializers.Serializer):
    message = serializers.CharField()


class UsagePeriodSerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The period's first day (UTC).")
    resets_at = serializers.DateTimeField(help_text="When the period ends and the budget renews.")
    prompt_tokens = serializers.IntegerField()
    completion_tokens = serializers.IntegerField()
    total_tokens = serializers.IntegerField()
    limit = serializers.IntegerField(allow_null=True, help_text="null: no limit.")
    remaining = serializers.IntegerField(allow_null=True, help_text="null: no limit.")


class UsageSerializer(serializers.Serializer):
    """``GET /users/me/usage``: tokens used today and this month against the user's budgets."""

    day = UsagePeriodSerializer()
    month = UsagePeriodSerializer()
    questions_per_minute = serializers.IntegerField(allow_null=True, help_text="null: no limit.")
