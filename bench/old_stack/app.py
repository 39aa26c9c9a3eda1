"""The stack Derrick replaces, rebuilt for the benchmark (bench/compare_stacks.py).

The old backend (``src/app.py`` of the public repository
BozhangUalberta/GeoResourceAgent) is FastAPI with FastAPI Users 14 (JWT
bearer, SQLAlchemy on aiosqlite) served by uvicorn (``uvicorn[standard]``:
uvloop, httptools, websockets). This module rebuilds, in our own code, the
parts the benchmark drives, the way the old backend wires them:

- FastAPI Users 14: the JWT auth and register routes, the users routes, and
  ``GET /authenticated-route`` (``Depends(current_active_user)``, which reads
  the user from the database on every request).
- ``/async_chat``: accept, read ``token`` and verify it with the JWT
  strategy and the user manager (dependencies held for the socket's life,
  as the old endpoint declared them), attach a per-socket log handler, then
  for each text frame open the checkpoint database, stream the model's
  events, send each as ``json.dumps`` of ``{"event_type", "content"}``, and
  close the socket after the last one.

Two deliberate differences, both in the old stack's favour, so that the
comparison is strict:

- The model is called with the openai SDK's streaming (what LangChain's
  ``ChatOpenAI`` calls underneath), one client per process, without
  LangGraph's ``astream_events`` work per chunk.
- The database pool is raised (``OLD_STACK_DB_POOL``): each socket holds a
  session, so the default pool (5 + 10 overflow) times sockets out long
  before the relay is the limit. Likewise its checkpoint writes wait up to
  ``OLD_STACK_CHECKPOINT_LOCK_WAIT`` (120 s) for SQLite's lock, not 5 s:
  at 300 sockets on a busy machine about half the answers otherwise ended
  at once with "database is locked", lightening the load on the rest.

The question and the answer are written once each to a checkpoint table
(the old backend's LangGraph saver wrote checkpoints per graph step, never
per token).

Environment: ``OLD_STACK_DB`` (SQLite file), ``OLD_STACK_SECRET``,
``OPENAI_BASE_URL``/``OPENAI_API_KEY`` (the fake upstream), ``LLM_MODEL``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import uuid
from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

import aiosqlite
from fastapi import Depends, FastAPI, Request, WebSocket
from fastapi.websockets import WebSocketState
from fastapi_users import BaseUserManager, FastAPIUsers, UUIDIDMixin, schemas
from fastapi_users.authentication import AuthenticationBackend, BearerTransport, JWTStrategy
from fastapi_users.db import SQLAlchemyBaseUserTableUUID, SQLAlchemyUserDatabase
from openai import AsyncOpenAI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase

DB_PATH = os.environ.get("OLD_STACK_DB", "old-stack-users.sqlite3")
CHECKPOINTS_PATH = DB_PATH + ".checkpoints"
SECRET = os.environ.get("OLD_STACK_SECRET", "SECRET")
POOL = int(os.environ.get("OLD_STACK_DB_POOL", "1000"))
MODEL = os.environ.get("LLM_MODEL", "gpt-4o-mini")
# How long a checkpoint write waits for SQLite's lock (sqlite3's default, 5 s, fails
# hundreds of answers with "database is locked" at 300 sockets on a busy machine).
CHECKPOINT_LOCK_WAIT = float(os.environ.get("OLD_STACK_CHECKPOINT_LOCK_WAIT", "120"))


# --- FastAPI Users 14, as the old backend set it up -----------------------------------


class Base(DeclarativeBase):
    pass


class User(SQLAlchemyBaseUserTableUUID, Base):
    __tablename__ = "user"


engine = create_async_engine(
    f"sqlite+aiosqlite:///{DB_PATH}", pool_size=POOL, max_overflow=POOL, pool_timeout=120
)
async_session_maker = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def get_async_session() -> AsyncGenerator[AsyncSession, None]:
    async with async_session_maker() as session:
        yield session


async def get_user_db(session: AsyncSession = Depends(get_async_session)) -> AsyncIterator[Any]:
    yield SQLAlchemyUserDatabase(session, User)


class UserRead(schemas.BaseUser[uuid.UUID]):
    pass


class UserCreate(schemas.BaseUserCreate):
    pass


class UserUpdate(schemas.BaseUserUpdate):
    pass


class UserManager(UUIDIDMixin, BaseUserManager[User, uuid.UUID]):
    reset_password_token_secret = SECRET
    verification_token_secret = SECRET


async def get_user_manager(user_db: Any = Depends(get_user_db)) -> AsyncIterator[UserManager]:
    yield UserManager(user_db)


def get_jwt_strategy() -> JWTStrategy:
    return JWTStrategy(secret=SECRET, lifetime_seconds=3600)


auth_backend = AuthenticationBackend(
    name="jwt",
    transport=BearerTransport(tokenUrl="auth/jwt/login"),
    get_strategy=get_jwt_strategy,
)
fastapi_users = FastAPIUsers[User, uuid.UUID](get_user_manager, [auth_backend])
current_active_user = fastapi_users.current_user(active=True)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with aiosqlite.connect(CHECKPOINTS_PATH) as db:
        await db.execute(
            "CREATE TABLE IF NOT EXISTS checkpoints (thread_id TEXT, role TEXT, content TEXT)"
        )
        await db.commit()
    yield


app = FastAPI(title="Old stack (bench)", lifespan=lifespan)
app.include_router(fastapi_users.get_auth_router(auth_backend), prefix="/auth/jwt")
app.include_router(fastapi_users.get_register_router(UserRead, UserCreate), prefix="/auth")
app.include_router(fastapi_users.get_users_router(UserRead, UserUpdate), prefix="/users")


@app.get("/authenticated-route")
async def authenticated_route(user: User = Depends(current_active_user)) -> dict[str, str]:
    return {"message": f"Hello {user.email}!"}


# --- the relay loop ----------------------------------------------------------------

# One client per process (the old backend's agent graphs made theirs at import).
client = AsyncOpenAI(max_retries=0, timeout=120)


class WebSocketLogHandler(logging.Handler):
    """The old backend's per-socket log handler: a queue and a task that sends ``log`` events."""

    def __init__(self, websocket: WebSocket) -> None:
        super().__init__()
        self.websocket = websocket
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.task = asyncio.create_task(self._process())

    def emit(self, record: logging.LogRecord) -> None:
        self.queue.put_nowait(self.format(record))

    async def _process(self) -> None:
        with contextlib.suppress(Exception):
            while True:
                entry = await self.queue.get()
                await self.websocket.send_text(json.dumps({"event_type": "log", "content": entry}))

    def close(self) -> None:
        self.task.cancel()
        super().close()


async def websocket_jwt(websocket: WebSocket, jwt: JWTStrategy, user_manager: Any) -> Any:
    token = websocket.query_params.get("token")
    if not token:
        await websocket.close(1008, "unauthorized")
        return None
    user = await jwt.read_token(token, user_manager)
    if not user:
        await websocket.close(1008, "jwt error")
        return None
    return user


async def answer_events(question: str) -> AsyncIterator[dict[str, Any]]:
    stream = await client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": question}], stream=True
    )
    async for chunk in stream:
        if chunk.choices and chunk.choices[0].delta.content:
            yield {"event_type": "on_chat_model_stream", "content": chunk.choices[0].delta.content}
    yield {"event_type": "on_chat_model_end", "content": ""}
    yield {"event_type": "done"}


@app.websocket("/async_chat")
async def async_chat(
    websocket: WebSocket,
    jwt: JWTStrategy = Depends(get_jwt_strategy),
    user_manager: Any = Depends(get_user_manager),
) -> None:
    await websocket.accept()
    user = await websocket_jwt(websocket, jwt, user_manager)
    if user is None:
        return
    thread_id = f"{user.id}_{websocket.query_params.get('conversationID')}"
    logger = logging.getLogger(thread_id)
    handler = WebSocketLogHandler(websocket)
    logger.addHandler(handler)
    try:
        while True:
            question = await websocket.receive_text()
            async with aiosqlite.connect(CHECKPOINTS_PATH, timeout=CHECKPOINT_LOCK_WAIT) as saver:
                await saver.execute(
                    "INSERT INTO checkpoints VALUES (?, 'user', ?)", (thread_id, question)
                )
                await saver.commit()
                parts: list[str] = []
                async for event in answer_events(question):
                    if event["event_type"] == "done":
                        await saver.execute(
                            "INSERT INTO checkpoints VALUES (?, 'assistant', ?)",
                            (thread_id, "".join(parts)),
                        )
                        await saver.commit()
                        await websocket.close()
                        return
                    parts.append(event["content"])
                    await websocket.send_text(json.dumps(event))
    except Exception as exc:  # as the old loop: print, close
        print(f"async_chat Error: {exc}")
        if websocket.client_state != WebSocketState.DISCONNECTED:
            with contextlib.suppress(Exception):
                await websocket.close()
    finally:
        logger.removeHandler(handler)
        handler.close()


@app.get("/healthz")
async def healthz(request: Request) -> dict[str, str]:
    return {"status": "ok"}
