"""The chat layer: the local LLM, the agent loop and its safety rules; wraps the functions in tools/."""
