"""Gateway websocket: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatches.

discord.py's gateway loop is the part most likely to hang a test, so this
follows the real opcode and close-code rules and records protocol misuse.
Sharding works as on Discord: IDENTIFY's ``shard: [id, count]`` picks the
guilds a session gets (``(guild_id >> 22) % count == id``; DMs go to shard 0),
so several processes can each run their own slice against one stand-in.
With ``compress=zlib-stream`` frames are zlib-stream compressed like Discord's
(discord.py only decompresses binary frames; plain text frames also work).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
import zlib
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from .errors import JSONDict

HELLO, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT = 10, 1, 2, 3, 4, 6, 7
REQUEST_MEMBERS, INVALID_SESSION, HEARTBEAT_ACK, DISPATCH = 8, 9, 11, 0

GUILD_MEMBERS_INTENT = 1 << 1
GUILD_PRESENCES_INTENT = 1 << 8
MESSAGE_CONTENT_INTENT = 1 << 15
PRIVILEGED_INTENTS = GUILD_MEMBERS_INTENT | GUILD_PRESENCES_INTENT | MESSAGE_CONTENT_INTENT

# Gateway close codes
UNKNOWN_OPCODE, DECODE_ERROR, NOT_AUTHENTICATED, AUTH_FAILED = 4001, 4002, 4003, 4004
ALREADY_AUTHENTICATED, INVALID_API_VERSION, DISALLOWED_INTENTS = 4005, 4012, 4014
INVALID_SHARD, SHARDING_REQUIRED = 4010, 4011

Shard = tuple[int, int]
"""(shard id, shard count) as sent in IDENTIFY."""

UNSHARDED: Shard = (0, 1)


def shard_of(guild_id: int | None, shard_count: int) -> int:
    """The shard Discord delivers a guild's events on; DMs (no guild) go to shard 0."""
    return 0 if guild_id is None else (guild_id >> 22) % shard_count


def _parse_shard(identify: JSONDict) -> Shard | None:
    """IDENTIFY's shard field, or None when it is malformed (absent means unsharded)."""
    raw = identify.get("shard")
    if raw is None:
        return UNSHARDED
    if not isinstance(raw, list) or len(raw) != 2:
        return None
    shard_id, count = raw
    if not (isinstance(shard_id, int) and isinstance(count, int) and 0 <= shard_id < count):
        return None
    return (shard_id, count)


@dataclass
class GatewayConfig:
    """Callbacks into the stand-in, so this module has no server dependency."""

    token: str
    heartbeat_interval_ms: int
    compress: bool
    allowed_intents: int
    ready: Callable[[str, JSONDict], JSONDict]
    guild_creates: Callable[[], list[JSONDict]]
    members: Callable[[int], list[JSONDict]]
    violation: Callable[[str], None]
    max_concurrency: int = 1
    identify_interval: float = 5.0
    max_guilds_per_shard: int = 2500
    identify_close: int | None = None
    """Close every IDENTIFY with this code (4004, 4013, 4014 …), as Discord does for a
    token, intents or shard it refuses."""


@dataclass(eq=False)
class _Connection:
    ws: web.WebSocketResponse
    compressor: Any = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    session: GatewaySession | None = None

    async def send(self, payload: JSONDict) -> None:
        text = json.dumps(payload)
        async with self.lock:
            if self.ws.closed:
                return
            if self.compressor is not None:
                blob = self.compressor.compress(text.encode()) + self.compressor.flush(
                    zlib.Z_SYNC_FLUSH
                )
                await self.ws.send_bytes(blob)
            else:
                await self.ws.send_str(text)


@dataclass
class GatewaySession:
    """A resumable session: sequence numbers and recent dispatches."""

    session_id: str
    identify: JSONDict
    shard: Shard = UNSHARDED
    guild_ids: list[int] = field(default_factory=list)
    seq: int = 0
    backlog: deque[JSONDict] = field(default_factory=lambda: deque(maxlen=1000))
    connection: _Connection | None = None
    activated: int = 0

    def covers(self, guild_id: int | None) -> bool:
        """Whether Discord would deliver this guild's events (or a DM's) on this session."""
        shard_id, count = self.shard
        return shard_of(guild_id, count) == shard_id

    @property
    def live(self) -> bool:
        """Identified (or resumed) and its websocket still open."""
        return self.connection is not None and not self.connection.ws.closed


class GatewayHub:
    """All gateway connections and sessions of one stand-in."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: set[_Connection] = set()
        self.identified = asyncio.Event()
        self.identify_count = 0
        self.resume_count = 0
        self._activations = 0
        self._active_changed = asyncio.Condition()
        self._last_identify: dict[int, float] = {}

    def _route(self, guild_id: int | None) -> GatewaySession | None:
        live = [s for s in self.sessions.values() if s.live and s.covers(guild_id)]
        return max(live, key=lambda s: s.activated, default=None)

    async def active_session(self, timeout: float, guild_id: int | None = None) -> GatewaySession:
        """The live session that carries this guild's events (or DMs), latest first.

        Waits for one: with shards in several processes, each connects on its own.
        """

        async def inner() -> GatewaySession:
            async with self._active_changed:
                await self._active_changed.wait_for(lambda: self._route(guild_id) is not None)
                session = self._route(guild_id)
                assert session is not None
                return session

        try:
            return await asyncio.wait_for(inner(), timeout)
        except TimeoutError:
            where = "DMs" if guild_id is None else f"guild {guild_id}"
            raise RuntimeError(
                f"no identified gateway session for {where} within {timeout}s"
            ) from None

    def live_sessions(self) -> list[GatewaySession]:
        """Sessions with an open websocket, in the order they became active."""
        return sorted((s for s in self.sessions.values() if s.live), key=lambda s: s.activated)

    async def _set_active(self, session: GatewaySession | None) -> None:
        async with self._active_changed:
            if session is not None:
                self._activations += 1
                session.activated = self._activations
            self._active_changed.notify_all()

    async def dispatch(self, event: str, data: JSONDict, *, timeout: float = 5.0) -> float:
        """Send a DISPATCH on the session of the event's guild (shard 0 without one);
        returns the monotonic send time."""
        raw_guild = data.get("guild_id")
        guild_id = int(raw_guild) if raw_guild is not None else None
        session = await self.active_session(timeout, guild_id)
        return await self._dispatch(session, event, data)

    async def _dispatch(self, session: GatewaySession, event: str, data: JSONDict) -> float:
        session.seq += 1
        payload = {"op": DISPATCH, "t": event, "s": session.seq, "d": data}
        session.backlog.append(payload)
        sent_at = time.monotonic()
        if session.connection is not None:
            await session.connection.send(payload)
        return sent_at

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """aiohttp handler for ``GET /gateway`` (websocket upgrade)."""
        ws = web.WebSocketResponse(timeout=2.0, compress=False, max_msg_size=0)
        await ws.prepare(request)
        query = request.query
        compressor = None
        if self.config.compress and query.get("compress") == "zlib-stream":
            compressor = zlib.compressobj()
        conn = _Connection(ws=ws, compressor=compressor)
        self.connections.add(conn)
        try:
            if query.get("v") != "10" or query.get("encoding", "json") != "json":
                self.config.violation(f"gateway: unsupported query {dict(query)}")
                await ws.close(code=INVALID_API_VERSION, message=b"Invalid API version")
                return ws
            interval = self.config.heartbeat_interval_ms
            await conn.send({"op": HELLO, "d": {"heartbeat_interval": interval}, "s": None})
            async for msg in ws:
                if msg.type in (WSMsgType.TEXT, WSMsgType.BINARY):
                    raw = msg.data if msg.type is WSMsgType.TEXT else msg.data.decode()
                    try:
                        payload = json.loads(raw)
                    except ValueError:
                        self.config.violation("gateway: undecodable payload")
                        await ws.close(code=DECODE_ERROR, message=b"Error while decoding payload.")
                        break
                    await self._on_payload(conn, payload)
                elif msg.type is WSMsgType.ERROR:
                    break
        finally:
            self.connections.discard(conn)
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            await self._set_active(None)
        return ws

    async def _close(self, conn: _Connection, code: int, reason: str) -> None:
        self.config.violation(f"gateway: closed {code} {reason}")
        await conn.ws.close(code=code, message=reason.encode())

    async def _on_payload(self, conn: _Connection, payload: Any) -> None:
        op = payload.get("op") if isinstance(payload, dict) else None
        data = payload.get("d") if isinstance(payload, dict) else None
        if op == HEARTBEAT:
            await conn.send({"op": HEARTBEAT_ACK})
        elif op == IDENTIFY:
            await self._identify(conn, data)
        elif op == RESUME:
            await self._resume(conn, data)
        elif conn.session is None:
            await self._close(conn, NOT_AUTHENTICATED, "Not authenticated.")
        elif op == REQUEST_MEMBERS:
            await self._request_members(conn.session, data)
        elif op in (PRESENCE, VOICE):
            return
        else:
            await self._close(conn, UNKNOWN_OPCODE, f"Unknown opcode {op!r}.")

    async def _identify(self, conn: _Connection, data: Any) -> None:
        if conn.session is not None:
            await self._close(conn, ALREADY_AUTHENTICATED, "Already authenticated.")
            return
        if not isinstance(data, dict) or data.get("token") != self.config.token:
            await self._close(conn, AUTH_FAILED, "Authentication failed.")
            return
        if self.config.identify_close is not None:
            await self._close(conn, self.config.identify_close, "Refused by the test.")
            return
        intents = data.get("intents")
        if not isinstance(intents, int):
            await self._close(conn, DECODE_ERROR, "intents are required in v10.")
            return
        if intents & PRIVILEGED_INTENTS & ~self.config.allowed_intents:
            await self._close(conn, DISALLOWED_INTENTS, "Disallowed intent(s).")
            return
        shard = _parse_shard(data)
        if shard is None:
            await self._close(conn, INVALID_SHARD, "Invalid shard.")
            return
        self._check_identify_pace(shard)
        guilds = [
            g for g in self.config.guild_creates() if shard_of(int(g["id"]), shard[1]) == shard[0]
        ]
        if len(guilds) > self.config.max_guilds_per_shard:
            await self._close(conn, SHARDING_REQUIRED, "Sharding required.")
            return
        session = GatewaySession(session_id=uuid.uuid4().hex, identify=data, shard=shard)
        session.guild_ids = [int(g["id"]) for g in guilds]
        self.sessions[session.session_id] = session
        conn.session = session
        session.connection = conn
        self.identify_count += 1
        await self._dispatch(session, "READY", self.config.ready(session.session_id, data))
        for guild in guilds:
            await self._dispatch(session, "GUILD_CREATE", guild)
        await self._set_active(session)
        self.identified.set()

    def _check_identify_pace(self, shard: Shard) -> None:
        """Discord allows one IDENTIFY per rate-limit bucket (`shard_id % max_concurrency`)
        every 5 seconds; shards that start faster must wait their turn."""
        bucket = shard[0] % self.config.max_concurrency
        now = time.monotonic()
        last = self._last_identify.get(bucket)
        self._last_identify[bucket] = now
        if last is not None and now - last < self.config.identify_interval:
            self.config.violation(
                f"gateway: IDENTIFY of shard {list(shard)} {now - last:.2f}s after another in "
                f"bucket {bucket} (max_concurrency {self.config.max_concurrency}: one per "
                f"{self.config.identify_interval:g}s)"
            )

    async def _resume(self, conn: _Connection, data: Any) -> None:
        if not isinstance(data, dict) or data.get("token") != self.config.token:
            await self._close(conn, AUTH_FAILED, "Authentication failed.")
            return
        session = self.sessions.get(str(data.get("session_id")))
        if session is None:
            await conn.send({"op": INVALID_SESSION, "d": False})
            return
        last = data.get("seq") or 0
        conn.session = session
        session.connection = conn
        self.resume_count += 1
        for payload in list(session.backlog):
            if payload["s"] > last:
                await conn.send(payload)
        await self._dispatch(session, "RESUMED", {})
        await self._set_active(session)

    async def _request_members(self, session: GatewaySession, data: Any) -> None:
        if not isinstance(data, dict):
            return
        guild_ids = data.get("guild_id")
        for guild_id in guild_ids if isinstance(guild_ids, list) else [guild_ids]:
            if not str(guild_id).isdigit():
                continue
            chunk: JSONDict = {
                "guild_id": str(guild_id),
                "members": self.config.members(int(str(guild_id))),
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": [],
            }
            if data.get("nonce") is not None:
                chunk["nonce"] = data["nonce"]
            await self._dispatch(session, "GUILD_MEMBERS_CHUNK", chunk)

    async def reconnect(self) -> None:
        """Ask the client to reconnect (op 7); discord.py then RESUMEs."""
        for conn in list(self.connections):
            await conn.send({"op": RECONNECT, "d": None})

    async def close_all(self, code: int = 1001) -> None:
        """Close every websocket (bounded by the websocket close timeout)."""
        for conn in list(self.connections):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.ws.close(code=code, message=b"stand-in stopping"), 3)
