"""Users in the Django admin, which only superusers can use (``is_staff`` is ``is_superuser``)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm

from accounts import budgets
from accounts.models import TokenAllowance, TokenUsageDay, User


class UserCreationForm(BaseUserCreationForm):
    """E-mail address and password, twice; the address is unique whatever its case."""

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError("A user with this e-mail address already exists.")
        return email


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data["email"].strip())
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("A user with this e-mail address already exists.")
        return email


class TokenAllowanceInline(admin.StackedInline):
    """Per-user limits; a blank field keeps the default from the settings."""

    model = TokenAllowance
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name_plural = "token allowance (blank: the defaults)"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    inlines = [TokenAllowanceInline]
    add_form = UserCreationForm
    list_display = (
        "email",
        "is_active",
        "is_verified",
        "is_superuser",
        "date_joined",
        "last_login",
    )
    list_filter = ("is_active", "is_verified", "is_superuser")
    search_fields = ("email",)
    ordering = ("email",)
    readonly_fields = ("id", "last_login", "date_joined", "tokens_today", "tokens_this_month")
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        ("Status", {"fields": ("is_active", "is_verified", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
        ("Token usage (UTC)", {"fields": ("tokens_today", "tokens_this_month")}),
    )

    def get_inline_instances(self, request, obj=None):
        # The add page stays e-mail and password only; the allowance comes after.
        return super().get_inline_instances(request, obj) if obj is not None else []

    @admin.display(description="tokens today")
    def tokens_today(self, user: User) -> str:
        return _period_text(budgets.usage_for(user).day) if user.pk else "-"

    @admin.display(description="tokens this month")
    def tokens_this_month(self, user: User) -> str:
        return _period_text(budgets.usage_for(user).month) if user.pk else "-"

    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()


def _period_text(period: budgets.Period) -> str:
    limit = "no limit" if period.limit is None else f"of {period.limit:,}"
    return f"{period.total_tokens:,} {limit} (renews {period.resets_at:%Y-%m-%d %H:%M} UTC)"


@admin.register(TokenUsageDay)
class TokenUsageDayAdmin(admin.ModelAdmin):
    """The ledger budgets are checked against: read-only, one row per user and UTC day."""

    list_display = ("day", "user", "prompt_tokens", "completion_tokens", "total", "answers")
    list_select_related = ("user",)
    list_filter = ("day",)
    search_fields = ("user__email",)
    date_hierarchy = "day"

    @admin.display(description="total tokens")
    def total(self, row: TokenUsageDay) -> int:
        return row.total_tokens

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
