"""The server-rendered pages analysts use: sign in, sign up, and the chat.

The chat page renders its first state on the server (history, the
conversation's messages, the agents, the running table) so it paints at
once; the browser then talks to the same REST routes and ``/async_chat``
socket as any external client, authenticated by the session cookie.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from asgiref.sync import async_to_sync
from django import forms
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.staticfiles import finders
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from accounts import services as account_services
from accounts import throttling
from accounts.selectors import email_taken
from agents.selectors import agent_list_active
from chat.display import messages_for_page, rows_for_page
from chat.models import Message
from chat.search import QUERY_MAX_CHARS, conversation_search
from chat.selectors import (
    conversation_for_user,
    conversation_history_for_user,
    conversation_rows,
    message_for_user,
)
from chat.services import conversation_rewind
from chat.streaming import answer_running_id
from chat.templatetags.chat_markdown import render_markdown
from files.tables import accepted_extensions

# The sidebar lists this many conversations; /history/ has them all.
HISTORY_LIMIT = 200


# --- accounts -----------------------------------------------------------------


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form for e-mail sign-in, with the REST login's checks.

    It goes through ``user_authenticate`` and the same failure throttling as
    ``POST /auth/jwt/login``, so the page is no easier to guess against.
    """

    username = forms.EmailField(
        label="Work e-mail",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail and password do not match an account.",
        "throttled": "Too many failed sign-ins. Try again in %(minutes)s minute(s).",
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
            wait = throttling.login_retry_after(email=email, address=address)
            if wait is not None:
                raise forms.ValidationError(
                    self.error_messages["throttled"],
                    code="throttled",
                    params={"minutes": max(1, -(-wait // 60))},
                )
            user = account_services.user_authenticate(email=email, password=password)
            if user is None:
                throttling.login_failure_record(email=email, address=address)
                raise self.get_invalid_login_error()
            throttling.login_failures_clear(email=email)
            user.backend = "django.contrib.auth.backends.ModelBackend"
            self.user_cache = user
        return self.cleaned_data


class LoginPage(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True
    next_page = "/chat/"


class LogoutPage(auth_views.LogoutView):
    next_page = "/login"


class SignupForm(forms.Form):
    email = forms.EmailField(
        label="Work e-mail",
        max_length=320,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 8 characters; not a common password, not only digits.",
    )
    password2 = forms.CharField(
        label="Confirm password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        # Addresses are unique case-insensitively, as in /auth/register.
        if email_taken(email=email):
            raise forms.ValidationError("An account with this e-mail already exists.")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords do not match.")
        elif first and "email" in data:
            candidate = get_user_model()(email=data["email"])
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("/chat/")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.user_register(
                email=form.cleaned_data["email"], password=form.cleaned_data["password1"]
            )
        except account_services.UserAlreadyExists:
            form.add_error("email", "An account with this e-mail already exists.")
        except account_services.InvalidPassword as exc:
            form.add_error("password1", exc.reason)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(_safe_next(request))
    return render(
        request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")}
    )


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/chat/"
    return target


# --- chat -------------------------------------------------------------------


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers and tools ask for whatever the page links."""
    path = finders.find("chat/favicon.ico")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("/chat/")


def conversation_not_found(request: HttpRequest) -> HttpResponse:
    """The page for a conversation this user does not have (unknown, deleted or another's)."""
    return render(request, "chat/not_found.html", status=404)


@login_required
@ensure_csrf_cookie
@require_GET
def chat(request: HttpRequest, conversation_id: uuid.UUID | None = None) -> HttpResponse:
    """The three-panel chat: ``/chat/`` for a new conversation, ``/chat/<id>`` for one of the user's.

    ``/chat/`` makes nothing: the page picks an id and the conversation comes
    to exist with its first message or upload. An id this user has no
    conversation with (unknown, deleted, another user's, or one that never
    got a message or a row) is the 404 page: conversations are keyed by
    (user, id), so another user's id shows nothing of theirs.
    """
    conversation = None
    if conversation_id is not None:
        conversation = conversation_for_user(user=request.user, conversation_id=conversation_id)
        if conversation is None or not conversation.is_listed:
            return conversation_not_found(request)
    agents = list(agent_list_active())
    selected_agent = None
    if conversation is not None and conversation.agent_id:
        selected_agent = next((a for a in agents if a.pk == conversation.agent_id), None)
    if selected_agent is None and agents:
        selected_agent = agents[0]
    rows = rows_for_page(list(conversation_rows(conversation=conversation))) if conversation else []
    messages = messages_for_page(conversation, rows=rows) if conversation else []
    config = {
        "conversationId": str(conversation_id) if conversation_id else None,
        "isSaved": conversation is not None,
        "agentName": selected_agent.label if selected_agent else None,
        "socketPath": "/async_chat",
        "messageHtmlUrl": reverse("chat-message-html", args=[0])[: -len("0")],
        "messagesUrl": reverse("chat-conversation-messages", args=[uuid.UUID(int=0)]),
        "rowsUrl": reverse("chat-conversation-rows", args=[uuid.UUID(int=0)]),
        "searchUrl": reverse("chat-search"),
        "exportUrl": reverse("history-export", args=[str(uuid.UUID(int=0))]),
        "uploadAccept": accepted_extensions(),
    }
    return render(
        request,
        "chat/chat.html",
        {
            "history": list(conversation_history_for_user(user=request.user)[:HISTORY_LIMIT]),
            "current": conversation,
            "current_pk": conversation.pk if conversation else None,
            "current_id": str(conversation_id) if conversation_id else "",
            "messages": messages,
            "rows": rows,
            "agents": agents,
            "selected_agent": selected_agent,
            "config": config,
            "upload_accept": upload_accept(),
            "uploads": [row for row in rows if row["type"] == "userinput"],
        },
    )


def upload_accept() -> str:
    """The file picker's ``accept``: exactly the types the server reads as tables."""
    return ",".join(accepted_extensions())


def _json_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like ``login_required``, but answering 401 JSON as the REST routes do."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "Unauthorized"}, status=401)
        return view(request, *args, **kwargs)

    return wrapper


@_json_login_required
@require_GET
def message_html(request: HttpRequest, message_id: int) -> JsonResponse:
    """One saved agent answer as sanitised HTML, for the page to swap in after ``done``."""
    message = (
        message_for_user(user=request.user, message_id=message_id)
        .filter(role=Message.Role.ASSISTANT)
        .select_related("agent")
        .only("id", "content", "status", "agent__label")
        .first()
    )
    if message is None:
        return JsonResponse({"detail": "Not Found"}, status=404)
    return JsonResponse(
        {
            "id": message.pk,
            "status": message.status,
            "html": render_markdown(message.content),
            "text": message.content,
            "agent": message.agent.label if message.agent else None,
        }
    )


@_json_login_required
@require_GET
def conversation_messages(request: HttpRequest, conversation_id: uuid.UUID) -> JsonResponse:
    """The conversation as the page shows it, to resynchronise after a lost stream.

    Another user's id answers an empty list, like ``/get_history_conversation/``.
    """
    conversation = conversation_for_user(user=request.user, conversation_id=conversation_id)
    messages = messages_for_page(conversation) if conversation else []
    for message in messages:
        if message["is_user"]:
            del message["html"]
    return JsonResponse({"messages": messages})


@_json_login_required
@require_GET
def conversation_rows_for_page(request: HttpRequest, conversation_id: uuid.UUID) -> JsonResponse:
    """The running table as the page shows it: labels, summaries, answers, chart links.

    Another user's id answers an empty list, like ``/db/<id>``. Two queries.
    """
    conversation = conversation_for_user(user=request.user, conversation_id=conversation_id)
    rows = list(conversation_rows(conversation=conversation)) if conversation else []
    return JsonResponse({"rows": rows_for_page(rows)})


@_json_login_required
@require_GET
def search(request: HttpRequest) -> JsonResponse:
    """``?q=words``: this user's conversations whose title or messages hold them, best first.

    ``{"query": ..., "results": [{"conversation_id", "title_summary", "ts",
    "message_id", "sender", "snippet": [{"text", "match"}, ...]}]}``; the
    snippet comes in pieces so the page marks matches without any HTML.
    """
    query = request.GET.get("q", "")[:QUERY_MAX_CHARS]
    hits = conversation_search(user=request.user, query=query)
    return JsonResponse({"query": query, "results": [hit.as_json() for hit in hits]})


@_json_login_required
@require_POST
def message_rewind(request: HttpRequest, message_id: int) -> JsonResponse:
    """Delete this message and everything after it, to edit a question or regenerate an answer.

    The page then asks the question again over the socket. 409 while an
    answer is being written in the conversation (stop it first); 404 for a
    message that is not this user's.
    """
    message = (
        message_for_user(user=request.user, message_id=message_id)
        .select_related("conversation")
        .first()
    )
    if message is None:
        return JsonResponse({"detail": "Not Found"}, status=404)
    conversation = message.conversation
    if async_to_sync(answer_running_id)(conversation) is not None:
        return JsonResponse({"detail": "An answer is being written: stop it first."}, status=409)
    deleted = conversation_rewind(conversation=conversation, message=message)
    return JsonResponse({"deleted": deleted})
