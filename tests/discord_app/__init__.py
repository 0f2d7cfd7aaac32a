"""End-to-end tests: the real discord.py bot against the local Discord stand-in."""
