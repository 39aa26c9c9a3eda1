"""Per-user token budgets (a day, a month) and the socket's questions-per-minute limit.

Limits come from the settings (``TOKEN_BUDGET_DAILY``, ``TOKEN_BUDGET_MONTHLY``,
``CHAT_QUESTIONS_PER_MINUTE``; 0 is no limit), overridden per user by a
``TokenAllowance`` set in the admin. What was used is the ``TokenUsageDay``
ledger, written when each answer is saved (deleting a conversation gives no
tokens back). A budget is checked before a question starts: an answer
already running is never cut, so a user may overrun by at most one answer.
Days and months are UTC and reset at midnight.

The question rate counts in Django's cache (Redis in production, shared by
every server process), one counter per user and calendar minute.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from accounts.models import TokenAllowance, TokenUsageDay

# The rate limiter's clock (wall time: minutes are shared by every process).
_clock = time.time


@dataclass(frozen=True)
class Limits:
    daily_tokens: int  # 0: no limit
    monthly_tokens: int
    questions_per_minute: int


@dataclass(frozen=True)
class Period:
    """Tokens used in one period (a UTC day or month) against its limit."""

    start: dt.date
    resets_at: dt.datetime
    prompt_tokens: int
    completion_tokens: int
    limit: int | None  # None: no limit

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def remaining(self) -> int | None:
        return None if self.limit is None else max(0, self.limit - self.total_tokens)

    @property
    def spent(self) -> bool:
        return self.limit is not None and self.total_tokens >= self.limit


@dataclass(frozen=True)
class Usage:
    day: Period
    month: Period
    questions_per_minute: int | None


def _today() -> dt.date:
    return timezone.now().astimezone(dt.UTC).date()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def limits_for(user) -> Limits:
    """``user``'s limits: their allowance where set, else the settings' defaults."""
    allowance = TokenAllowance.objects.filter(user_id=user.pk).first()

    def pick(override: int | None, default: int) -> int:
        return default if override is None else override

    return Limits(
        daily_tokens=pick(allowance and allowance.daily_tokens, settings.TOKEN_BUDGET_DAILY),
        monthly_tokens=pick(allowance and allowance.monthly_tokens, settings.TOKEN_BUDGET_MONTHLY),
        questions_per_minute=pick(
            allowance and allowance.questions_per_minute, settings.CHAT_QUESTIONS_PER_MINUTE
        ),
    )


def usage_for(user, *, day: dt.date | None = None) -> Usage:
    """What ``user`` used today and this month (UTC) against their limits. Three queries."""
    today = day or _today()
    first = today.replace(day=1)
    limits = limits_for(user)
    rows = TokenUsageDay.objects.filter(user_id=user.pk, day__gte=first, day__lte=today)
    month = rows.aggregate(prompt=Sum("prompt_tokens"), completion=Sum("completion_tokens"))
    day_row = rows.filter(day=today).values("prompt_tokens", "completion_tokens").first() or {}
    return Usage(
        day=Period(
            start=today,
            resets_at=_midnight(today + dt.timedelta(days=1)),
            prompt_tokens=day_row.get("prompt_tokens", 0),
            completion_tokens=day_row.get("completion_tokens", 0),
            limit=limits.daily_tokens or None,
        ),
        month=Period(
            start=first,
            resets_at=_midnight(_next_month(today)),
            prompt_tokens=month["prompt"] or 0,
            completion_tokens=month["completion"] or 0,
            limit=limits.monthly_tokens or None,
        ),
        questions_per_minute=limits.questions_per_minute or None,
    )


def usage_record(*, user_id, prompt_tokens: int, completion_tokens: int) -> None:
    """Add one saved answer's tokens to today's ledger row of the user (made if missing).

    One UPDATE, or one INSERT on the day's first answer (a concurrent first
    INSERT loses to the unique constraint and updates instead).
    """
    today = _today()
    changes = {
        "prompt_tokens": F("prompt_tokens") + max(0, prompt_tokens or 0),
        "completion_tokens": F("completion_tokens") + max(0, completion_tokens or 0),
        "answers": F("answers") + 1,
    }
    if TokenUsageDay.objects.filter(user_id=user_id, day=today).update(**changes):
        return
    try:
        with transaction.atomic():
            TokenUsageDay.objects.create(
                user_id=user_id,
                day=today,
                prompt_tokens=max(0, prompt_tokens or 0),
                completion_tokens=max(0, completion_tokens or 0),
                answers=1,
            )
    except IntegrityError:
        TokenUsageDay.objects.filter(user_id=user_id, day=today).update(**changes)


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def budget_refusal(user) -> str | None:
    """Why ``user`` may not ask now (a budget is spent), for a person; None if they may."""
    usage = usage_for(user)
    for name, period in (("daily", usage.day), ("monthly", usage.month)):
        if period.spent:
            return (
                f"Your {name} token budget of {period.limit:,} tokens is spent "
                f"({period.total_tokens:,} used); it renews at {_when(period.resets_at)}. "
                "An administrator can raise it."
            )
    return None


async def question_rate_refusal(user, *, limit: int | None) -> str | None:
    """Count one question of ``user`` this minute; a refusal once over ``limit`` a minute."""
    if not limit:
        return None
    now = _clock()
    minute = int(now // 60)
    key = f"questions:{user.pk}:{minute}"
    await cache.aadd(key, 0, timeout=120)
    try:
        count = await cache.aincr(key)
    except ValueError:  # expired between add and incr
        await cache.aset(key, 1, timeout=120)
        count = 1
    if count <= limit:
        return None
    wait = 60 - int(now % 60)
    return (
        f"Too many questions: at most {limit} a minute. Try again in {wait} s "
        "(the running answer, if any, goes on)."
    )
