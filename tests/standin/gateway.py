"""Gateway websocket: HELLO, IDENTIFY/READY, heartbeats, RESUME, dispatches.

discord.py's gateway loop is the part most likely to hang a test, so this
follows the real opcode and close-code rules and records protocol misuse.
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
    seq: int = 0
    backlog: deque[JSONDict] = field(default_factory=lambda: deque(maxlen=1000))
    connection: _Connection | None = None


class GatewayHub:
    """All gateway connections and sessions of one stand-in."""

    def __init__(self, config: GatewayConfig) -> None:
        self.config = config
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: set[_Connection] = set()
        self.identified = asyncio.Event()
        self.identify_count = 0
        self.resume_count = 0
        self._active: GatewaySession | None = None
        self._active_changed = asyncio.Condition()

    async def active_session(self, timeout: float) -> GatewaySession:
        """The latest identified session with a live connection (waits for one)."""

        def ready() -> bool:
            session = self._active
            return bool(session and session.connection and not session.connection.ws.closed)

        async def inner() -> GatewaySession:
            async with self._active_changed:
                await self._active_changed.wait_for(ready)
                assert self._active is not None
                return self._active

        try:
            return await asyncio.wait_for(inner(), timeout)
        except TimeoutError:
            raise RuntimeError(f"no identified gateway session within {timeout}s") from None

    async def _set_active(self, session: GatewaySession | None) -> None:
        async with self._active_changed:
            if session is not None:
                self._active = session
            self._active_changed.notify_all()

    async def dispatch(self, event: str, data: JSONDict, *, timeout: float = 5.0) -> float:
        """Send a DISPATCH on the active session; returns the monotonic send time."""
        session = await self.active_session(timeout)
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
        session = GatewaySession(session_id=uuid.uuid4().hex, identify=data)
        self.sessions[session.session_id] = session
        conn.session = session
        session.connection = conn
        self.identify_count += 1
        await self._dispatch(session, "READY", self.config.ready(session.session_id, data))
        for guild in self.config.guild_creates():
            await self._dispatch(session, "GUILD_CREATE", guild)
        await self._set_active(session)
        self.identified.set()

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
