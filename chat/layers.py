"""Channels' in-memory layer, without its per-call sweep of every channel.

``channels.layers.InMemoryChannelLayer`` walks every channel and every
group membership on each ``group_send`` and ``receive`` to drop
expired messages: with 100 answers streaming that walk ran for every chunk,
twice, and was the largest single cost of the relay (bench/stream_relay.py).
Messages expire after ``expiry`` (60 s) and group memberships after a day,
so sweeping once a second keeps the same rules within a second.

``group_send`` puts the message on each member's queue directly: the
parent's ``send`` never waits (a full queue raises at once), so a task per
member and ``as_completed`` only cost time.
"""

from __future__ import annotations

import time
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer as ChannelsInMemoryChannelLayer

SWEEP_SECONDS = 1.0


class InMemoryChannelLayer(ChannelsInMemoryChannelLayer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._next_sweep = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_SECONDS
        super()._clean_expired()

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "Message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            try:
                await self.send(channel, message)
            except ChannelFull:
                pass
