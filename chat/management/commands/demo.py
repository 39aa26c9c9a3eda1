"""``python manage.py demo``: a demo user and a conversation that shows what Derrick does.

Idempotent: the user, the conversation (a fixed id derived from the e-mail)
and its uploads are made once; running again finds them and only resets the
password. The questions go through the same path as the WebSocket
(``chat.streaming.answer_start``) with the offline ``builtin`` backend, so
the conversation holds real answers, tables and charts.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from agents.models import Agent
from chat.services import conversation_get_or_create
from files.services import row_add, upload_description
from files.tables import is_table_name

DEMO_EMAIL = "demo@derrick.local"
SAMPLES_DIR = Path(settings.BASE_DIR) / "samples"

# Questions asked in order, by agent; "{production}" and "{emissions}" become the
# rowids of the uploaded sample files of that kind.
PRODUCTION_QUESTIONS = [
    "Describe row {production}",
    "Fit a decline to the oil in row {production}",
    "Run economics on the forecast with $70 oil and $3 gas, 12.5% royalty",
    "NPV at 8% of -500, 200, 200, 200",
    "A well at 800 bbl/d declining 25% a year: what's the EUR to an economic limit of 5 bbl/d?",
]
ESG_QUESTIONS_WITH_FILE = ["What are the emissions in row {emissions}?"]
ESG_QUESTIONS = [
    "We flared 12,000 mcf and burned 30,000 gallons of diesel last year, what are our emissions?",
]


def _kind_of(path: Path) -> str:
    """ "production", "emissions" or "other", from the sample's name and header."""
    name = path.name.lower()
    head = path.read_bytes()[:2000].decode("utf-8", "ignore").lower()
    if any(w in name for w in ("emission", "esg", "ghg", "activity")) or any(
        w in head.split("\n", 1)[0] for w in ("fuel", "source", "flar", "emission", "activity")
    ):
        return "emissions"
    if any(w in name for w in ("prod", "decline", "well", "history")) or any(
        w in head.split("\n", 1)[0] for w in ("oil", "gas", "bopd", "mcf")
    ):
        return "production"
    return "other"


class Command(BaseCommand):
    help = (
        "Create (once) a demo user and a conversation with the sample files uploaded and a "
        "few questions answered by the offline builtin agent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", default=DEMO_EMAIL, help=f"default {DEMO_EMAIL}")
        parser.add_argument("--password", help="set this password (default: a new random one)")
        parser.add_argument(
            "--samples", default=str(SAMPLES_DIR), help="folder of sample files to upload"
        )

    def handle(self, *args, **options) -> None:
        email = options["email"].strip().lower()
        password = options["password"] or secrets.token_urlsafe(12)
        User = get_user_model()
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if created:
            user = User.objects.create_user(email=email, password=password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])

        conversation_id = uuid.uuid5(uuid.NAMESPACE_URL, f"derrick-demo:{email}")
        conversation, _ = conversation_get_or_create(user=user, conversation_id=conversation_id)
        if conversation.rows.exists() or conversation.messages.exists():
            self.stdout.write("The demo conversation is already there; nothing new was added.")
        else:
            self._fill(conversation, user, Path(options["samples"]))

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo user {email} ({'created' if created else 'already there'}), "
                f"password: {password}"
            )
        )
        self.stdout.write(f"Conversation id: {conversation.conversation_id}")
        self.stdout.write(
            "Log in at /login/ (or POST /auth/jwt/login with username and password) and open "
            f"/chat/{conversation.conversation_id} , or GET /get_history_conversation/"
            f"{conversation.conversation_id} with the token."
        )

    def _fill(self, conversation, user, samples: Path) -> None:
        if not samples.is_dir():
            raise CommandError(f"No samples folder at {samples}.")
        rowids: dict[str, int] = {}
        for path in sorted(p for p in samples.iterdir() if p.is_file() and is_table_name(p.name)):
            row = row_add(
                conversation=conversation,
                type="userinput",
                description=upload_description(path.name),
                file_name=path.name,
                content=path.read_bytes(),
            )
            rowids.setdefault(_kind_of(path), row.rowid)
            self.stdout.write(f"Uploaded {path.name} as row {row.rowid}.")
        plan: list[tuple[str, str]] = []
        production = Agent.objects.filter(label="Production Agent", is_active=True).first()
        esg = Agent.objects.filter(label="ESG Agent", is_active=True).first()
        if production is not None:
            for q in PRODUCTION_QUESTIONS:
                if "{production}" in q and "production" not in rowids:
                    continue
                plan.append((production.label, q.format(**rowids)))
        if esg is not None:
            if "emissions" in rowids:
                plan += [(esg.label, q.format(**rowids)) for q in ESG_QUESTIONS_WITH_FILE]
            plan += [(esg.label, q) for q in ESG_QUESTIONS]
        if not plan:
            raise CommandError("No active Production Agent or ESG Agent: run migrate first.")
        asyncio.run(self._ask_all(conversation, user, plan))

    async def _ask_all(self, conversation, user, plan: list[tuple[str, str]]) -> None:
        from chat.streaming import answer_start

        # The demo shows the offline agent, fast: no pacing between words.
        settings.LLM_BACKEND = "builtin"
        settings.LLM_BUILTIN_CHUNK_DELAY_SECONDS = 0
        agents = {}
        for label, question in plan:
            if label not in agents:
                agents[label] = await Agent.objects.aget(label=label)
            answer = await answer_start(
                conversation=conversation, agent=agents[label], user=user, question=question
            )
            await answer.task
            self.stdout.write(f"[{label}] {question}")
