"""The command-line front end: `python -m bot ask|chat|check|eval|run|commands`."""
