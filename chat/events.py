"""The one way events reach the sockets of a conversation.

Only services publish. An event is a dict with ``event_type`` and its fields
(CONTRACT.md "Server frames"); it goes to the conversation's channel-layer
group, after the surrounding transaction commits, so a socket never hears of
a row or message that a rollback then removes.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# The consumer method that relays a published event to its socket.
RELAY_TYPE = "chat.event"


def group_message(event: dict[str, Any]) -> dict[str, Any]:
    return {"type": RELAY_TYPE, "event": event}


def publish(group_name: str, event: dict[str, Any]) -> None:
    """Send ``event`` to every socket in ``group_name`` once the transaction commits.

    Call from synchronous code (services, tools in worker threads).
    """

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(group_name, group_message(event))
        except Exception:
            # Committed already: the data is saved; a live event lost to a
            # layer outage must not turn the request into an error.
            logger.exception("could not publish %s to %s", event.get("event_type"), group_name)

    transaction.on_commit(send)


async def apublish(group_name: str, event: dict[str, Any]) -> None:
    """Send ``event`` now, from async code that holds no transaction."""
    layer = get_channel_layer()
    if layer is not None:
        await layer.group_send(group_name, group_message(event))
