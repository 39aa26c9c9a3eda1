"""The user: a UUID and an e-mail address, as FastAPI Users stored it."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str) -> User:
        # E-mail is the login name and is compared case-insensitively.
        return self.get(email__iexact=username)

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_verified", True)
        if extra.get("is_superuser") is not True:
            raise ValueError("A superuser must have is_superuser=True")
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField("e-mail address", max_length=320, unique=True)
    is_active = models.BooleanField(default=True)
    is_verified = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def is_staff(self) -> bool:
        # Superusers are the operators: they, and only they, use the admin.
        return self.is_superuser


class TokenAllowance(models.Model):
    """One user's limits where they differ from the defaults (settings); blank: the default.

    0 means unlimited, as in the settings.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="allowance")
    daily_tokens = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Tokens a day (UTC); blank: TOKEN_BUDGET_DAILY; 0: no limit.",
    )
    monthly_tokens = models.PositiveBigIntegerField(
        null=True,
        blank=True,
        help_text="Tokens a calendar month (UTC); blank: TOKEN_BUDGET_MONTHLY; 0: no limit.",
    )
    questions_per_minute = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Questions a minute over the socket; blank: CHAT_QUESTIONS_PER_MINUTE; 0: no limit.",
    )

    class Meta:
        verbose_name = "token allowance"

    def __str__(self) -> str:
        return f"allowance of {self.user}"


class TokenUsageDay(models.Model):
    """Tokens a user's answers used on one UTC day: the ledger budgets are checked against.

    Kept apart from the messages, so deleting a conversation does not give
    its tokens back.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="token_days")
    day = models.DateField()
    prompt_tokens = models.PositiveBigIntegerField(default=0)
    completion_tokens = models.PositiveBigIntegerField(default=0)
    answers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="accounts_token_usage_user_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.day}"

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens
