"""The Discord front end: slash commands over the same core as the CLI."""
