"""The stand-in server: Discord REST, gateway and CDN on 127.0.0.1.

Real discord.py talks to it over HTTP and websockets, so end-to-end tests run
the actual bot code paths (including the error paths Discord triggers).
"""

from __future__ import annotations

import asyncio
import json
import time
from types import TracebackType
from typing import Any

from aiohttp import web

from .bodies import describe, json_response, read_body, redact
from .builders import InteractionBuilders
from .components import ComponentClicks
from .errors import NOT_FOUND, APIError, JSONDict, api_error, invalid_form_body
from .gateway import PRIVILEGED_INTENTS, GatewayConfig, GatewayHub, shard_of
from .guild import DEFAULT_BOT_PERMISSIONS, GuildSpec, MemberSpec, default_guild
from .limits import CHAT_INPUT, validate_command_list
from .payloads import (
    application_payload,
    attachment_payload,
    guild_create_payload,
    member_payload,
    team_payload,
    user_payload,
)
from .records import InteractionRecord, SentMessage, UploadedFile
from .responses import ResponseRoutes
from .snowflakes import SnowflakeFactory, iso_now
from .state import StoredFile


class DiscordStandIn(ComponentClicks, InteractionBuilders, ResponseRoutes):
    """A strict local Discord: REST under ``/api/v10``, gateway at ``/gateway``,
    CDN at ``/attachments``. Every API error it returns is also appended to
    :attr:`violations`.

    ``shard_count`` is the count ``GET /gateway/bot`` recommends; the gateway
    serves whatever ``shard`` each IDENTIFY asks for. ``max_concurrency``
    sizes the identify buckets (one IDENTIFY per bucket per ``identify_interval``,
    5 s as on Discord); a shard with
    more than ``max_guilds_per_shard`` guilds is closed with 4011, "Sharding
    required"."""

    def __init__(
        self,
        *,
        token: str = "standin-bot-token",
        ack_deadline: float = 3.0,
        token_lifetime: float = 15 * 60.0,
        heartbeat_interval: float = 41.25,
        attachment_size_limit: int = 10 * 1024 * 1024,
        app_permissions: int = DEFAULT_BOT_PERMISSIONS,
        bot_name: str = "StandInBot",
        guild_name: str = "Stand-in Guild",
        guild_id: int | None = None,
        owner_id: int | None = None,
        compress_gateway: bool = True,
        allowed_intents: int = PRIVILEGED_INTENTS,
        shard_count: int = 1,
        max_concurrency: int = 1,
        max_guilds_per_shard: int = 2500,
        identify_interval: float = 5.0,
        identify_close: int | None = None,
    ) -> None:
        self.ids = SnowflakeFactory()
        self.token = token
        self.ack_deadline = ack_deadline
        self.token_lifetime = token_lifetime
        self.attachment_size_limit = attachment_size_limit
        self.app_permissions = app_permissions
        self.shard_count = shard_count
        self.session_start_total = 1000
        self.application_id = self.ids.next()
        self.bot_user_id = self.application_id  # modern apps: bot user id == application id
        self.bot = MemberSpec(id=self.bot_user_id, username=bot_name, bot=True)
        self.guild: GuildSpec = default_guild(
            self.ids,
            bot_user_id=self.bot_user_id,
            bot_name=bot_name,
            name=guild_name,
            guild_id=guild_id,
            owner_id=owner_id,
        )
        self.guilds: list[GuildSpec] = [self.guild]
        self.owner = self.guild.member_named("owner")
        # The application's owner is not the guild's owner: a plain member of the guild.
        self.app_owner = self.guild.add_member(self.ids.next(), "developer")
        self.team: list[tuple[MemberSpec, str]] | None = None
        self.application_info_error: APIError | None = None
        """When set, GET /applications/@me fails with it (a bot must cope)."""
        self._team_id = self.ids.next()
        self.dm_user = self.guild.member_named("tester")
        self.violations: list[str] = []
        self.interactions: dict[int, InteractionRecord] = {}
        self.channel_messages: list[SentMessage] = []
        self.request_log: list[tuple[str, str, int]] = []
        self.internal_errors: list[Exception] = []
        self._commands: dict[int | None, list[JSONDict]] = {}
        self._command_ids: dict[tuple[int | None, int, str], int] = {}
        self._files: dict[int, StoredFile] = {}
        self._uploads: dict[int, UploadedFile] = {}
        self._attachments_by_id: dict[int, JSONDict] = {}
        self._dm_channels: dict[int, int] = {}
        self._messages: dict[int, JSONDict] = {}
        self._by_token: dict[str, InteractionRecord] = {}
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._joined_at = iso_now()
        self.gateway = GatewayHub(
            GatewayConfig(
                token=token,
                heartbeat_interval_ms=int(heartbeat_interval * 1000),
                compress=compress_gateway,
                allowed_intents=allowed_intents,
                ready=self._ready_payload,
                guild_creates=lambda: [
                    guild_create_payload(g, joined_at=self._joined_at) for g in self.guilds
                ],
                members=self._guild_members,
                violation=self._record_violation,
                max_concurrency=max_concurrency,
                max_guilds_per_shard=max_guilds_per_shard,
                identify_interval=identify_interval,
                identify_close=identify_close,
            )
        )

    # ----------------------------------------------------------------- lifecycle

    async def __aenter__(self) -> DiscordStandIn:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve."""
        app = web.Application(middlewares=[self._make_middleware()], client_max_size=256 << 20)
        api = "/api/v10"
        route = app.router.add_route
        route("GET", f"{api}/users/@me", self._users_me)
        # discord.py's Client.application_info() uses the oauth2 path.
        route("GET", f"{api}/oauth2/applications/@me", self._applications_me)
        route("GET", f"{api}/applications/@me", self._applications_me)
        route("GET", f"{api}/gateway", self._gateway_info)
        route("GET", f"{api}/gateway/bot", self._gateway_info)
        for path in (
            f"{api}/applications/{{app_id}}/commands",
            f"{api}/applications/{{app_id}}/guilds/{{guild_id}}/commands",
        ):
            route("GET", path, self._commands_handler)
            route("PUT", path, self._commands_handler)
        route("POST", f"{api}/interactions/{{interaction_id}}/{{token}}/callback", self._callback)
        route("POST", f"{api}/webhooks/{{app_id}}/{{token}}", self._followup)
        message_path = f"{api}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}"
        route("GET", message_path, self._webhook_message)
        route("PATCH", message_path, self._webhook_message)
        route("DELETE", message_path, self._webhook_message)
        route("POST", f"{api}/channels/{{channel_id}}/messages", self._channel_message)
        route("GET", "/attachments/{attachment_id}/{filename}", self._cdn)
        route("GET", "/gateway", self.gateway.handle)
        route("*", "/{tail:.*}", self._unknown_route)
        self._runner = web.AppRunner(app, shutdown_timeout=0.25, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        """Close websockets (code 1001) and the HTTP server."""
        if self._runner is None:
            return
        await self.gateway.close_all()
        await self._runner.cleanup()
        self._runner = None

    @property
    def api_url(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    @property
    def guild_id(self) -> int:
        """Id of the default guild."""
        return self.guild.id

    async def wait_identified(self, timeout: float = 5.0) -> None:
        """Wait until a client has IDENTIFYed and received READY + GUILD_CREATE."""
        await asyncio.wait_for(self.gateway.identified.wait(), timeout)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT; discord.py reconnects and RESUMEs."""
        await self.gateway.reconnect()

    def add_guild(
        self, name: str = "Second Guild", *, shard: tuple[int, int] | None = None
    ) -> GuildSpec:
        """Another guild (call before the bot connects); ``shard=(id, count)`` picks an id
        whose events Discord would deliver on that shard."""
        guild_id = self.ids.next()
        if shard is not None:
            shard_id, count = shard
            guild_id += ((shard_id - shard_of(guild_id, count)) % count) << 22
        guild = default_guild(
            self.ids, bot_user_id=self.bot_user_id, bot_name=self.bot.username, guild_id=guild_id
        )
        guild.name = name
        self.guilds.append(guild)
        return guild

    # ---------------------------------------------------------------- violations

    def _record_violation(self, text: str) -> None:
        self.violations.append(text)

    def assert_no_violations(self) -> None:
        """Fail with every recorded violation listed."""
        if self.violations:
            raise AssertionError("Discord API violations:\n  " + "\n  ".join(self.violations))

    def clear_violations(self) -> None:
        """Forget recorded violations (e.g. after asserting an expected one)."""
        self.violations.clear()

    def _make_middleware(self) -> Any:
        @web.middleware
        async def middleware(request: web.Request, handler: Any) -> web.StreamResponse:
            try:
                response: web.StreamResponse = await handler(request)
            except APIError as exc:
                self._record_violation(describe(request, exc))
                response = json_response(exc.body(), status=exc.status)
            except web.HTTPException:
                raise
            except Exception as exc:
                # A stand-in bug: fail fast with a 400 (discord.py retries 5xx
                # with multi-second sleeps) and make it visible.
                self._record_violation(f"STAND-IN INTERNAL ERROR {redact(request)}: {exc!r}")
                self.internal_errors.append(exc)
                body = {"message": f"stand-in internal error: {exc!r}", "code": 0}
                response = json_response(body, status=400)
            self.request_log.append((request.method, redact(request), response.status))
            return response

        return middleware

    async def _unknown_route(self, request: web.Request) -> web.Response:
        raise api_error(NOT_FOUND)

    # ------------------------------------------------------------- simple routes

    def _bot_user(self) -> JSONDict:
        data = user_payload(self.bot)
        data.update(verified=True, mfa_enabled=False, email=None, locale="en-US", premium_type=0)
        return data

    def _app_flags(self) -> int:
        intents = self.gateway.config.allowed_intents
        flags = 1 << 23  # APPLICATION_COMMAND_BADGE
        flags |= (1 << 13) if intents & (1 << 8) else 0  # GATEWAY_PRESENCE_LIMITED
        flags |= (1 << 15) if intents & (1 << 1) else 0  # GATEWAY_GUILD_MEMBERS_LIMITED
        flags |= (1 << 19) if intents & (1 << 15) else 0  # GATEWAY_MESSAGE_CONTENT_LIMITED
        return flags

    def _ready_payload(self, session_id: str, identify: JSONDict) -> JSONDict:
        shard_id, count = identify.get("shard") or (0, 1)
        guilds = [g for g in self.guilds if shard_of(g.id, count) == shard_id]
        data: JSONDict = {
            "v": 10,
            "user": self._bot_user(),
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.application_id), "flags": self._app_flags()},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["local"],
            "user_settings": {},
            "auth_session_id_hash": "",
            "_trace": ['["standin",{"micros":0}]'],
        }
        if "shard" in identify:
            data["shard"] = identify["shard"]
        return data

    def _guild_members(self, guild_id: int) -> list[JSONDict]:
        guild = next((g for g in self.guilds if g.id == guild_id), None)
        if guild is None:
            return []
        return [member_payload(m, joined_at=self._joined_at) for m in guild.members]

    async def _users_me(self, request: web.Request) -> web.Response:
        self._require_auth(request)
        return json_response(self._bot_user())

    def set_team(self, members: list[tuple[MemberSpec, str]]) -> None:
        """Make the application team-owned: ``members`` are (user, "admin" | "developer" |
        "read_only"); the first is the team's owner. An empty list gives it back to
        :attr:`app_owner`."""
        self.team = list(members) or None

    async def _applications_me(self, request: web.Request) -> web.Response:
        self._require_auth(request)
        if self.application_info_error is not None:
            raise self.application_info_error
        owner = self.app_owner
        team = None
        if self.team:
            owner = MemberSpec(id=self._team_id, username=f"team{self._team_id}")
            team = team_payload(self._team_id, self.team[0][0].id, self.team)
        return json_response(
            application_payload(
                application_id=self.application_id,
                name=self.bot.username,
                owner=owner,
                bot=self.bot,
                flags=self._app_flags(),
                team=team,
            )
        )

    async def _gateway_info(self, request: web.Request) -> web.Response:
        data: JSONDict = {"url": self.gateway_url}
        if request.path.endswith("/bot"):
            self._require_auth(request)
            data["shards"] = self.shard_count
            data["session_start_limit"] = {
                "total": self.session_start_total,
                "remaining": max(0, self.session_start_total - self.gateway.identify_count),
                "reset_after": 86_400_000,
                "max_concurrency": self.gateway.config.max_concurrency,
            }
        return json_response(data)

    # ------------------------------------------------------------------ commands

    def commands(self, guild_id: int | None = None) -> list[JSONDict]:
        """Commands registered for a guild (or globally with None)."""
        return [dict(c) for c in self._commands.get(guild_id, [])]

    async def _commands_handler(self, request: web.Request) -> web.Response:
        self._require_auth(request)
        if request.match_info["app_id"] != str(self.application_id):
            raise APIError(403, 50001, "Missing Access")
        raw_guild = request.match_info.get("guild_id")
        scope = int(raw_guild) if raw_guild and raw_guild.isdigit() else None
        if raw_guild is not None and scope not in {g.id for g in self.guilds}:
            raise APIError(403, 50001, "Missing Access")
        if request.method == "GET":
            return json_response(self.commands(scope))
        body = await read_body(request)
        errors = validate_command_list(body.json)
        if errors:
            raise invalid_form_body(errors)
        self._commands[scope] = [self._store_command(c, scope) for c in body.json]
        return json_response(self.commands(scope))

    def _store_command(self, command: JSONDict, scope: int | None) -> JSONDict:
        ctype = int(command.get("type", CHAT_INPUT))
        key = (scope, ctype, str(command["name"]))
        command_id = self._command_ids.setdefault(key, self.ids.next())
        perms = command.get("default_member_permissions")
        stored: JSONDict = {
            "id": str(command_id),
            "application_id": str(self.application_id),
            "version": str(self.ids.next()),
            "type": ctype,
            "name": command["name"],
            "name_localizations": command.get("name_localizations"),
            "description": command.get("description", ""),
            "description_localizations": command.get("description_localizations"),
            "default_member_permissions": None if perms is None else str(perms),
            "dm_permission": command.get("dm_permission", True),
            "contexts": command.get("contexts"),
            "integration_types": command.get("integration_types", [0]),
            "nsfw": bool(command.get("nsfw", False)),
        }
        if command.get("options"):
            stored["options"] = json.loads(json.dumps(command["options"]))
        if scope is not None:
            stored["guild_id"] = str(scope)
        return stored

    # ---------------------------------------------------------------- attachments

    def add_attachment(
        self,
        filename: str,
        data: bytes,
        *,
        declared_size: int | None = None,
        content_type: str | None = "text/plain",
        delay: float = 0.0,
        description: str | None = None,
    ) -> JSONDict:
        """Serve ``data`` on the CDN route and return its attachment object.

        ``declared_size`` lets the object lie about the size (as a malicious
        or stale payload could); ``delay`` stalls the download (timeout tests).
        """
        attachment_id = self.ids.next()
        self._files[attachment_id] = StoredFile(filename, data, content_type, delay)
        payload = attachment_payload(
            attachment_id,
            filename,
            size=len(data) if declared_size is None else declared_size,
            url=self._cdn_url(attachment_id, filename),
            content_type=content_type,
            description=description,
        )
        self._attachments_by_id[attachment_id] = payload
        return payload

    def set_attachment_delay(self, attachment_id: int | str, delay: float) -> None:
        """Make downloads of an attachment take ``delay`` seconds."""
        self._files[int(attachment_id)].delay = delay

    async def _cdn(self, request: web.Request) -> web.Response:
        attachment_id = request.match_info["attachment_id"]
        stored = self._files.get(int(attachment_id)) if attachment_id.isdigit() else None
        if stored is None or stored.filename != request.match_info["filename"]:
            raise api_error(NOT_FOUND)
        if stored.delay:
            await asyncio.sleep(stored.delay)
        headers = {"Content-Type": stored.content_type or "application/octet-stream"}
        return web.Response(body=stored.data, headers=headers)

    # -------------------------------------------------------------- interactions

    async def send_interaction(
        self, payload: JSONDict, *, timeout: float = 5.0
    ) -> InteractionRecord:
        """Dispatch INTERACTION_CREATE to the connected bot and start recording."""
        raw_guild = payload.get("guild_id")
        await self.gateway.active_session(timeout, int(raw_guild) if raw_guild else None)
        record = InteractionRecord(payload, dispatched_at=time.monotonic())
        self.interactions[record.id] = record
        self._by_token[record.token] = record
        await self.gateway.dispatch("INTERACTION_CREATE", payload, timeout=timeout)
        return record

    def latencies(self) -> list[float]:
        """Dispatch-to-first-callback seconds for every answered interaction."""
        return [r.latency for r in self.interactions.values() if r.latency is not None]

    async def invoke(
        self, name: str, options: dict[str, Any] | list[JSONDict] | None = None, **kwargs: Any
    ) -> InteractionRecord:
        """``send_interaction(slash_command(name, options, **kwargs))``."""
        return await self.send_interaction(self.slash_command(name, options, **kwargs))
