"""`python -m bot …`: the command-line front end."""

from bot.cli.app import main

if __name__ == "__main__":
    raise SystemExit(main())
