"""Article bot: answers questions about a news article by quoting it verbatim."""

__version__ = "0.1.0"
