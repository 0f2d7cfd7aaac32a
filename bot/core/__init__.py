"""The engine: knowledge file → passages → index → answer. Knows nothing of Discord or terminals."""
