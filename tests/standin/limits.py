"""Discord's server-side validation rules for messages and application commands.

discord.py validates little of this client-side, so a bot that builds an
over-long embed or an invalid command name only fails against real Discord.
Each check returns Discord's nested ``errors`` object ({} when valid).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from .errors import JSONDict, set_error

LOCALES: frozenset[str] = frozenset(
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt",
        "hu", "nl", "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el",
        "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
    }
)  # fmt: skip

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5

COMMAND_NAME_MAX = 32
COMMAND_DESCRIPTION_MAX = 100
COMMAND_OPTIONS_MAX = 25
# Discord documents 25 choices per option (not 100).
COMMAND_CHOICES_MAX = 25
CHOICE_NAME_MAX = 100
CHOICE_STRING_VALUE_MAX = 100
COMMAND_TOTAL_CHARS_MAX = 8000
STRING_OPTION_LENGTH_MAX = 6000
CHAT_INPUT_COMMANDS_MAX = 100
CONTEXT_MENU_COMMANDS_MAX = 15
AUTOCOMPLETE_CHOICES_MAX = 25

CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND, PRIMARY_ENTRY_POINT = 1, 2, 3, 4
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, NUMBER = 3, 4, 10
OPTION_TYPES = frozenset(range(1, 12))

# \p{sc=Deva} and \p{sc=Thai}: Python's re and unicodedata lack script
# properties, so use the blocks (this also admits combining marks, Mn/Mc).
_SCRIPT_RANGES = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x11B00, 0x11B5F), (0x0E00, 0x0E7F))


def _name_char_ok(ch: str) -> bool:
    if ch in "-_'":
        return True
    if unicodedata.category(ch)[0] in "LN":
        return True
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _SCRIPT_RANGES)


def is_valid_chat_input_name(name: object) -> bool:
    """``^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$`` and lowercase where possible."""
    if not isinstance(name, str) or not 1 <= len(name) <= COMMAND_NAME_MAX:
        return False
    return all(_name_char_ok(c) for c in name) and name.lower() == name


def is_valid_context_menu_name(name: object) -> bool:
    """Context menu names: 1-32 characters, any case, spaces allowed."""
    return isinstance(name, str) and 1 <= len(name) <= COMMAND_NAME_MAX and bool(name.strip())


def _length_ok(value: object, lo: int, hi: int) -> bool:
    return isinstance(value, str) and lo <= len(value) <= hi


def _too_long(errors: JSONDict, path: list[str | int], limit: int) -> None:
    set_error(errors, path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _bad_name(errors: JSONDict, path: list[str | int]) -> None:
    set_error(errors, path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")


def _bad_options(errors: JSONDict, path: list[str | int], message: str) -> None:
    set_error(errors, path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", message)


def _bad_length(errors: JSONDict, path: list[str | int], lo: int, hi: int) -> None:
    set_error(errors, path, "BASE_TYPE_BAD_LENGTH", f"Must be between {lo} and {hi} in length.")


def _check_localizations(
    errors: JSONDict, obj: JSONDict, key: str, path: list[str | int], *, kind: str
) -> None:
    locs = obj.get(key)
    if locs is None:
        return
    if not isinstance(locs, dict):
        set_error(errors, [*path, key], "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        return
    for locale, value in locs.items():
        where: list[str | int] = [*path, key, locale]
        if locale not in LOCALES:
            set_error(errors, where, "LOCALE_INVALID", f"Invalid locale {locale!r}")
        elif kind == "chat_name" and not is_valid_chat_input_name(value):
            set_error(errors, where, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
        elif kind == "menu_name" and not is_valid_context_menu_name(value):
            _bad_length(errors, where, 1, COMMAND_NAME_MAX)
        elif kind == "description" and not _length_ok(value, 1, COMMAND_DESCRIPTION_MAX):
            _bad_length(errors, where, 1, COMMAND_DESCRIPTION_MAX)
        elif kind == "choice" and not _length_ok(value, 1, CHOICE_NAME_MAX):
            _bad_length(errors, where, 1, CHOICE_NAME_MAX)


def _longest(obj: JSONDict, key: str, loc_key: str) -> int:
    base = obj.get(key)
    sizes = [len(str(base))] if base is not None else [0]
    locs = obj.get(loc_key)
    if isinstance(locs, dict):
        sizes.extend(len(str(v)) for v in locs.values())
    return max(sizes)


def command_size(obj: JSONDict) -> int:
    """Characters counted toward the per-command limit (longest localization wins)."""
    total = _longest(obj, "name", "name_localizations")
    total += _longest(obj, "description", "description_localizations")
    for choice in obj.get("choices") or []:
        if isinstance(choice, dict):
            total += _longest(choice, "name", "name_localizations") + len(str(choice.get("value")))
    for option in obj.get("options") or []:
        if isinstance(option, dict):
            total += command_size(option)
    return total


def _check_choices(errors: JSONDict, option: JSONDict, path: list[str | int]) -> None:
    choices = option.get("choices")
    if choices is None:
        return
    if not isinstance(choices, list):
        set_error(errors, [*path, "choices"], "LIST_TYPE_CONVERT", "Only iterables may be used.")
        return
    if option.get("autocomplete") and choices:
        set_error(
            errors,
            [*path, "autocomplete"],
            "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
            "Autocomplete cannot be set if there are choices.",
        )
    if option.get("type") not in (STRING, INTEGER, NUMBER) and choices:
        set_error(errors, [*path, "choices"], "BASE_TYPE_BAD_TYPE", "Choices not allowed here.")
    if len(choices) > COMMAND_CHOICES_MAX:
        _too_long(errors, [*path, "choices"], COMMAND_CHOICES_MAX)
    for j, choice in enumerate(choices):
        where: list[str | int] = [*path, "choices", j]
        if not isinstance(choice, dict):
            set_error(errors, where, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
            continue
        if not _length_ok(choice.get("name"), 1, CHOICE_NAME_MAX):
            _bad_length(errors, [*where, "name"], 1, CHOICE_NAME_MAX)
        _check_localizations(errors, choice, "name_localizations", where, kind="choice")
        value = choice.get("value")
        if option.get("type") == STRING:
            if not _length_ok(value, 1, CHOICE_STRING_VALUE_MAX):
                _bad_length(errors, [*where, "value"], 1, CHOICE_STRING_VALUE_MAX)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            set_error(errors, [*where, "value"], "NUMBER_TYPE_COERCE", "Value is not a number.")


def _is_sub(option: object) -> bool:
    return isinstance(option, dict) and option.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)


def _check_options(errors: JSONDict, options: object, path: list[str | int], *, depth: int) -> None:
    """Validate an ``options`` list; depth 0 = command level."""
    if options is None:
        return
    if not isinstance(options, list):
        set_error(errors, path, "LIST_TYPE_CONVERT", "Only iterables may be used.")
        return
    if len(options) > COMMAND_OPTIONS_MAX:
        _too_long(errors, path, COMMAND_OPTIONS_MAX)
    seen: set[str] = set()
    saw_optional = False
    kinds = {_is_sub(o) for o in options}
    if len(kinds) > 1:
        _bad_options(
            errors, path, "Sub-commands and sub-command groups cannot be mixed with other options."
        )
    for i, option in enumerate(options):
        where: list[str | int] = [*path, i]
        if not isinstance(option, dict):
            set_error(errors, where, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
            continue
        _check_option(errors, option, where, depth=depth)
        name = option.get("name")
        if isinstance(name, str):
            if name in seen:
                set_error(
                    errors,
                    [*where, "name"],
                    "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                    "Option name already exists.",
                )
            seen.add(name)
        if option.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if option.get("required"):
                if saw_optional:
                    set_error(
                        errors,
                        [*where, "required"],
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                saw_optional = True


def _check_option(errors: JSONDict, option: JSONDict, path: list[str | int], *, depth: int) -> None:
    otype = option.get("type")
    if otype not in OPTION_TYPES:
        message = f"Value must be one of {sorted(OPTION_TYPES)}."
        set_error(errors, [*path, "type"], "BASE_TYPE_CHOICES", message)
        return
    if not is_valid_chat_input_name(option.get("name")):
        _bad_name(errors, [*path, "name"])
    if not _length_ok(option.get("description"), 1, COMMAND_DESCRIPTION_MAX):
        _bad_length(errors, [*path, "description"], 1, COMMAND_DESCRIPTION_MAX)
    _check_localizations(errors, option, "name_localizations", path, kind="chat_name")
    _check_localizations(errors, option, "description_localizations", path, kind="description")
    _check_choices(errors, option, path)
    for key in ("min_length", "max_length"):
        value = option.get(key)
        in_range = isinstance(value, int) and 0 <= value <= STRING_OPTION_LENGTH_MAX
        if value is not None and not in_range:
            set_error(
                errors,
                [*path, key],
                "NUMBER_TYPE_MAX",
                f"int value should be between 0 and {STRING_OPTION_LENGTH_MAX}.",
            )
    if otype == SUB_COMMAND_GROUP:
        if depth >= 1:
            _bad_options(errors, [*path, "type"], "Groups cannot nest.")
        _check_options(errors, option.get("options"), [*path, "options"], depth=depth + 1)
        subs = option.get("options") or []
        if any(isinstance(s, dict) and s.get("type") != SUB_COMMAND for s in subs):
            _bad_options(
                errors, [*path, "options"], "Sub-command groups may only contain sub-commands."
            )
    elif otype == SUB_COMMAND:
        _check_options(errors, option.get("options"), [*path, "options"], depth=depth + 2)
        subs = option.get("options") or []
        if any(_is_sub(s) for s in subs):
            _bad_options(errors, [*path, "options"], "Sub-commands cannot contain sub-commands.")
    elif option.get("options"):
        _bad_options(errors, [*path, "options"], "Only sub-commands have options.")


def validate_command(command: Any, path: list[str | int] | None = None) -> JSONDict:
    """Validate one command object as Discord does; returns the errors object."""
    errors: JSONDict = {}
    path = path or []
    if not isinstance(command, dict):
        set_error(errors, path, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        return errors
    ctype = command.get("type", CHAT_INPUT)
    if ctype not in (CHAT_INPUT, USER_COMMAND, MESSAGE_COMMAND, PRIMARY_ENTRY_POINT):
        message = "Value must be one of {1, 2, 3, 4}."
        set_error(errors, [*path, "type"], "BASE_TYPE_CHOICES", message)
        return errors
    if ctype == CHAT_INPUT:
        if not is_valid_chat_input_name(command.get("name")):
            _bad_name(errors, [*path, "name"])
        if not _length_ok(command.get("description"), 1, COMMAND_DESCRIPTION_MAX):
            _bad_length(errors, [*path, "description"], 1, COMMAND_DESCRIPTION_MAX)
        _check_localizations(errors, command, "name_localizations", path, kind="chat_name")
        _check_localizations(errors, command, "description_localizations", path, kind="description")
        _check_options(errors, command.get("options"), [*path, "options"], depth=0)
    else:
        if not is_valid_context_menu_name(command.get("name")):
            _bad_length(errors, [*path, "name"], 1, COMMAND_NAME_MAX)
        _check_localizations(errors, command, "name_localizations", path, kind="menu_name")
        if command.get("description"):
            set_error(
                errors,
                [*path, "description"],
                "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                "Context menu commands cannot have description",
            )
        if command.get("description_localizations"):
            set_error(
                errors,
                [*path, "description_localizations"],
                "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                "Context menu commands cannot have description",
            )
        if command.get("options"):
            _bad_options(errors, [*path, "options"], "Context menu commands cannot have options")
    perms = command.get("default_member_permissions")
    if perms is not None and not str(perms).isdigit():
        set_error(
            errors, [*path, "default_member_permissions"], "NUMBER_TYPE_COERCE", "Value is not int."
        )
    if not errors and command_size(command) > COMMAND_TOTAL_CHARS_MAX:
        set_error(
            errors,
            path,
            "APPLICATION_COMMAND_TOO_LARGE",
            f"Command exceeds maximum size ({COMMAND_TOTAL_CHARS_MAX})",
        )
    return errors


def validate_command_list(commands: Any) -> JSONDict:
    """Validate a bulk-overwrite body: each command, duplicates, and counts."""
    errors: JSONDict = {}
    if not isinstance(commands, list):
        set_error(errors, [], "LIST_TYPE_CONVERT", "Only iterables may be used.")
        return errors
    seen: set[tuple[int, str]] = set()
    counts: dict[int, int] = {}
    for i, command in enumerate(commands):
        errors.update(validate_command(command, [i]))
        if not isinstance(command, dict):
            continue
        ctype = command.get("type", CHAT_INPUT)
        counts[ctype] = counts.get(ctype, 0) + 1
        key = (ctype, str(command.get("name")))
        if key in seen:
            set_error(
                errors,
                [i, "name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique ({key[1]!r})",
            )
        seen.add(key)
    if counts.get(CHAT_INPUT, 0) > CHAT_INPUT_COMMANDS_MAX or any(
        counts.get(t, 0) > CONTEXT_MENU_COMMANDS_MAX for t in (USER_COMMAND, MESSAGE_COMMAND)
    ):
        set_error(errors, [], "APPLICATION_COMMANDS_TOO_MANY", "Maximum number of commands reached")
    return errors


def _embed_errors(errors: JSONDict, embed: Any, path: list[str | int]) -> int:
    """Check one embed; returns its counted characters."""
    if not isinstance(embed, dict):
        set_error(errors, path, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        return 0
    size = 0

    def text(value: object, where: list[str | int], limit: int) -> None:
        nonlocal size
        if value is None:
            return
        s = str(value)
        size += len(s)
        if len(s) > limit:
            _too_long(errors, where, limit)

    text(embed.get("title"), [*path, "title"], EMBED_TITLE_MAX)
    text(embed.get("description"), [*path, "description"], EMBED_DESCRIPTION_MAX)
    footer = embed.get("footer")
    if isinstance(footer, dict):
        text(footer.get("text"), [*path, "footer", "text"], EMBED_FOOTER_MAX)
    author = embed.get("author")
    if isinstance(author, dict):
        text(author.get("name"), [*path, "author", "name"], EMBED_AUTHOR_MAX)
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        _too_long(errors, [*path, "fields"], EMBED_FIELDS_MAX)
    for j, field in enumerate(fields):
        where: list[str | int] = [*path, "fields", j]
        if not isinstance(field, dict):
            set_error(errors, where, "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
            continue
        for key, limit in (("name", EMBED_FIELD_NAME_MAX), ("value", EMBED_FIELD_VALUE_MAX)):
            value = field.get(key)
            if value is None or str(value) == "":
                set_error(errors, [*where, key], "BASE_TYPE_REQUIRED", "This field is required")
            else:
                text(value, [*where, key], limit)
    return size


def validate_message(data: Any) -> JSONDict:
    """Content/embed/component limits for a message body (not emptiness)."""
    errors: JSONDict = {}
    if not isinstance(data, dict):
        set_error(errors, [], "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        return errors
    content = data.get("content")
    if content is not None and len(str(content)) > CONTENT_MAX:
        _too_long(errors, ["content"], CONTENT_MAX)
    embeds = data.get("embeds")
    if embeds is not None:
        if not isinstance(embeds, list):
            set_error(errors, ["embeds"], "LIST_TYPE_CONVERT", "Only iterables may be used.")
        else:
            if len(embeds) > EMBEDS_MAX:
                _too_long(errors, ["embeds"], EMBEDS_MAX)
            total = sum(_embed_errors(errors, e, ["embeds", i]) for i, e in enumerate(embeds))
            if total > EMBED_TOTAL_MAX:
                set_error(
                    errors,
                    ["embeds"],
                    "MAX_EMBED_SIZE_EXCEEDED",
                    f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}",
                )
    components = data.get("components")
    is_v2 = bool(int(data.get("flags") or 0) & (1 << 15))
    if isinstance(components, list) and not is_v2 and len(components) > ACTION_ROWS_MAX:
        _too_long(errors, ["components"], ACTION_ROWS_MAX)
    return errors


def is_empty_message(data: JSONDict, *, has_files: bool) -> bool:
    """True when Discord would reject the message as empty."""
    content = data.get("content")
    if isinstance(content, str) and content.strip():
        return False
    if data.get("embeds") or data.get("components") or data.get("sticker_ids") or data.get("poll"):
        return False
    return not (has_files or data.get("attachments"))
