"""Discord-shaped API errors.

Handlers raise :class:`APIError`; the server turns it into the exact JSON body
Discord sends and records it as a violation, so bots see the real failure.
"""

from __future__ import annotations

from typing import Any

JSONDict = dict[str, Any]


class APIError(Exception):
    """An error response: HTTP status, Discord JSON error code, message, errors."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: JSONDict | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def body(self) -> JSONDict:
        """The JSON body Discord would return."""
        body: JSONDict = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body

    def describe(self) -> str:
        """One line for violation logs, including flattened field errors."""
        text = f"{self.status} {self.code} {self.message}"
        if self.errors:
            details = "; ".join(f"{k}: {v}" for k, v in flatten_errors(self.errors).items())
            text += f" ({details})"
        return text


def field_error(code: str, message: str) -> JSONDict:
    """A leaf of Discord's nested ``errors`` object."""
    return {"_errors": [{"code": code, "message": message}]}


def invalid_form_body(errors: JSONDict) -> APIError:
    """400 / 50035 Invalid Form Body with a nested errors object."""
    return APIError(400, 50035, "Invalid Form Body", errors)


def flatten_errors(errors: JSONDict, prefix: str = "") -> dict[str, str]:
    """Flatten nested errors to ``{"data.embeds.0.title": "CODE message"}``."""
    out: dict[str, str] = {}
    for key, value in errors.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if key == "_errors" and isinstance(value, list):
            out[prefix or "_errors"] = " ".join(
                f"{e.get('code', '')} {e.get('message', '')}".strip() for e in value
            )
        elif isinstance(value, dict):
            out.update(flatten_errors(value, path))
        else:
            out[path] = str(value)
    return out


def set_error(errors: JSONDict, path: list[str | int], code: str, message: str) -> None:
    """Insert a field error at a nested path (keys become strings like Discord's)."""
    node = errors
    for part in path:
        node = node.setdefault(str(part), {})
    node.setdefault("_errors", []).append({"code": code, "message": message})


UNKNOWN_INTERACTION = (404, 10062, "Unknown interaction")
ALREADY_ACKNOWLEDGED = (400, 40060, "Interaction has already been acknowledged.")
UNKNOWN_WEBHOOK = (404, 10015, "Unknown Webhook")
UNKNOWN_MESSAGE = (404, 10008, "Unknown Message")
INVALID_WEBHOOK_TOKEN = (401, 50027, "Invalid Webhook Token")
EMPTY_MESSAGE = (400, 50006, "Cannot send an empty message")
INVALID_JSON = (400, 50109, "The request body contains invalid JSON.")
UNAUTHORIZED = (401, 0, "401: Unauthorized")
NOT_FOUND = (404, 0, "404: Not Found")
TOO_LARGE = (413, 40005, "Request entity too large")


def api_error(spec: tuple[int, int, str]) -> APIError:
    """Build an :class:`APIError` from one of the constants above."""
    status, code, message = spec
    return APIError(status, code, message)
