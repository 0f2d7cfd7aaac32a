"""Feature modules, one per area, each a Cog loaded by `ArticleBot.setup_hook`."""

EXTENSIONS = (
    "bot.discord_app.exts.ask",
    "bot.discord_app.exts.info",
    "bot.discord_app.exts.admin",
    "bot.discord_app.exts.feedback",
)
