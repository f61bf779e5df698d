"""Pure functions that turn the engine's answers and reports into Discord messages, one module per view."""
