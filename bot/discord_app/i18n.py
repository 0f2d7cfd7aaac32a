"""Dutch names and descriptions for the commands, given to Discord at sync time.

Discord shows a Dutch client `/vraag` instead of `/ask`; interactions still arrive
under the English names, so the code only ever sees those. Keys are the English
strings as written in the command definitions, per kind of string, so a renamed
command without a translation shows up in the tests instead of silently in English.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

NAMES: dict[str, str] = {
    "ask": "vraag",
    "about": "over",
    "help": "hulp",
    "reload": "herlaad",
    "report": "rapport",
    "Ask the article": "Vraag het artikel",
}

PARAMETERS: dict[str, str] = {
    "question": "vraag",
    "public": "openbaar",
    "file": "bestand",
}

DESCRIPTIONS: dict[str, str] = {
    "Ask a question about the article; the answer quotes it word for word.": (
        "Stel een vraag over het artikel; het antwoord citeert het letterlijk."
    ),
    "Which article the bot answers from, and when it was loaded.": (
        "Uit welk artikel de bot antwoordt, en wanneer het geladen is."
    ),
    "How to ask the bot a question, with examples.": (
        "Hoe je de bot een vraag stelt, met voorbeelden."
    ),
    "Reload the article (admins only), optionally from an uploaded file.": (
        "Herlaad het artikel (alleen beheerders), eventueel uit een geüpload bestand."
    ),
    "What needs attention: unanswered questions and answers voted down (admins only).": (
        "Wat aandacht vraagt: onbeantwoorde vragen en afgekeurde antwoorden (alleen beheerders)."
    ),
    "Your question, in Dutch or English.": "Je vraag, in het Nederlands of het Engels.",
    "Show the answer to everyone in the channel (default: yes).": (
        "Toon het antwoord aan iedereen in het kanaal (standaard: ja)."
    ),
    "A new knowledge file (UTF-8 text) to serve from now on.": (
        "Een nieuw kennisbestand (UTF-8-tekst) om voortaan te gebruiken."
    ),
}

TABLES: dict[Where, dict[str, str]] = {
    Where.command_name: NAMES,
    Where.group_name: NAMES,
    Where.parameter_name: PARAMETERS,
    Where.command_description: DESCRIPTIONS,
    Where.group_description: DESCRIPTIONS,
    Where.parameter_description: DESCRIPTIONS,
}


class DutchTranslator(app_commands.Translator):
    """Translates command strings to Dutch (`nl`); other locales keep the English."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        """The Dutch string, or None so Discord shows the English one."""
        if locale is not discord.Locale.dutch:
            return None
        return TABLES.get(context.location, {}).get(string.message)
