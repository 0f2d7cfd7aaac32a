"""Wording only the Discord front end needs, in English and Dutch.

Shared wording (labels, "not answered", confidence) lives in `bot.presentation` so the CLI
and Discord say the same; this module holds what only makes sense inside Discord.
"""

from __future__ import annotations

from bot.presentation import Language

MESSAGES: dict[str, dict[Language, str]] = {
    "cooldown": {
        "en": "You're asking quickly: try again in {seconds} s.",
        "nl": "Je vraagt snel na elkaar: probeer het over {seconds} s opnieuw.",
    },
    "error": {
        "en": "Sorry, something went wrong while handling that. It has been logged; "
        "please try again in a moment.",
        "nl": "Sorry, er ging iets mis bij het afhandelen daarvan. Het is gelogd; "
        "probeer het zo meteen opnieuw.",
    },
    "empty_message": {
        "en": "That message has no text to ask about: pick a message with a question in it.",
        "nl": "Dat bericht bevat geen tekst om naar te vragen: kies een bericht met een vraag.",
    },
    "not_here": {
        "en": "This bot only answers in the servers it was set up for.",
        "nl": "Deze bot antwoordt alleen in de servers waarvoor hij is ingesteld.",
    },
    "unknown_command": {
        "en": "This command is not available (any more); try /help. "
        "Discord may still be updating the command list.",
        "nl": "Deze opdracht bestaat niet (meer); probeer /hulp. "
        "Discord werkt de lijst met opdrachten misschien nog bij.",
    },
    "not_admin": {
        "en": "Only the bot's admins can reload the article; nothing was changed.",
        "nl": "Alleen de beheerders van de bot kunnen het artikel herladen; er is niets gewijzigd.",
    },
    "reload_busy": {
        "en": "A reload is already in progress; try again in a few seconds.",
        "nl": "Er loopt al een herlading; probeer het over een paar seconden opnieuw.",
    },
    "reload_refused": {
        "en": "Reload refused: {reason}. The current article is still served.",
        "nl": "Herladen geweigerd: {reason}. Het huidige artikel blijft in gebruik.",
    },
    "too_big": {
        "en": "the file is {size:,} bytes, over the limit of {limit:,} bytes (MAX_KNOWLEDGE_BYTES)",
        "nl": "het bestand is {size:,} bytes, boven de limiet van {limit:,} bytes "
        "(MAX_KNOWLEDGE_BYTES)",
    },
    "download_slow": {
        "en": "downloading the attachment took longer than {seconds:g} s",
        "nl": "het downloaden van de bijlage duurde langer dan {seconds:g} s",
    },
    "download_failed": {
        "en": "the attachment could not be downloaded ({error})",
        "nl": "de bijlage kon niet worden gedownload ({error})",
    },
    "reloaded": {"en": "Article reloaded", "nl": "Artikel herladen"},
    "passages": {"en": "Passages", "nl": "Passages"},
    "paragraphs": {"en": "Paragraphs", "nl": "Alinea's"},
    "checksum": {"en": "Checksum", "nl": "Controlesom"},
    "title": {"en": "Title", "nl": "Titel"},
    "source": {"en": "Source", "nl": "Bron"},
    "file": {"en": "File", "nl": "Bestand"},
    "loaded_at": {"en": "Loaded", "nl": "Geladen"},
    "build_time": {"en": "Build time", "nl": "Opbouwtijd"},
    "untitled": {"en": "(no title)", "nl": "(geen titel)"},
    "about_title": {"en": "About the article", "nl": "Over het artikel"},
    "help_title": {"en": "How to ask", "nl": "Zo stel je een vraag"},
    "help_body": {
        "en": "Type **/ask** and your question (Dutch or English). The bot answers by "
        "quoting the article word for word, with the matching words in **bold** and where "
        "the quote stands (paragraph and section). It never makes anything up: when the "
        "article doesn't answer, it says so.\n\n"
        "Add **public: False** to see the answer yourself only. You can also right-click a "
        "message → Apps → **Ask the article** to use that message as the question.\n\n"
        "**/about** shows which article is loaded.",
        "nl": "Typ **/vraag** en je vraag (Nederlands of Engels). De bot antwoordt met een "
        "letterlijk citaat uit het artikel, met de overeenkomende woorden **vet** en waar "
        "het citaat staat (alinea en sectie). Hij verzint nooit iets: als het artikel geen "
        "antwoord geeft, zegt hij dat.\n\n"
        "Zet **openbaar: False** erbij om het antwoord alleen zelf te zien. Je kunt ook met "
        "de rechtermuisknop op een bericht klikken → Apps → **Vraag het artikel** om dat "
        "bericht als vraag te gebruiken.\n\n"
        "**/over** toont welk artikel geladen is.",
    },
    "examples": {"en": "Examples", "nl": "Voorbeelden"},
    "reloading_now": {
        "en": "A reload is running right now.",
        "nl": "Er wordt op dit moment herladen.",
    },
}


def text(key: str, lang: Language = "en", **values: object) -> str:
    """The Discord-only message `key` in `lang`, filled in."""
    return MESSAGES[key][lang].format(**values)
