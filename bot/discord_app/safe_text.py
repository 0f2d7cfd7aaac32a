"""Text from the knowledge file or a user, made to show as plain text in Discord.

Discord renders Markdown, masked links and `<@id>` / `<@&id>` / `<#id>` / `<t:…>` /
`@everyone` in replies and embeds; allowed mentions only stop the pings, not the badges.
Every character that could start markup gets a backslash (Discord shows `\\x` as `x`
for any punctuation): emphasis, code, spoiler and link brackets anywhere, `<` (mentions,
channels, times, emoji), and headings, lists and quotes at the start of a line. A
zero-width space after "@" stops `@everyone` and `@here`. The text reads the same; only
the markup is gone.
"""

from __future__ import annotations

import re

from bot.discord_app.limits import truncate

ZERO_WIDTH_SPACE = "\u200b"
_INLINE = re.compile(r"([\\*_~|`\[\]<])")
_LINE_START = re.compile(r"^(\s*)([#>+-])", re.MULTILINE)
_NUMBERED_LIST = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


def plain_text(text: str) -> str:
    """`text` with every Markdown, link and mention marker escaped."""
    escaped = _INLINE.sub(r"\\\1", text)
    escaped = _LINE_START.sub(r"\1\\\2", escaped)
    escaped = _NUMBERED_LIST.sub(r"\1\\.", escaped)
    return escaped.replace("@", "@" + ZERO_WIDTH_SPACE)


def plain_fit(text: str, limit: int) -> str:
    """`plain_text(text)` within `limit` characters, cut like `truncate`.

    The raw text is cut first, so a huge string is never escaped whole.
    """
    return truncate(plain_text(truncate(text, limit)), limit)


def code_span(text: str) -> str:
    """`text` inside one inline code span: no escaping is shown there, so a backtick
    (which would end the span) becomes a look-alike and line breaks become spaces."""
    return "`" + " ".join(text.replace("`", "\u02cb").split()) + "`"
