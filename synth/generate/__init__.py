"""Note generation: a template/grammar engine (default) or an OpenAI-compatible LLM backend."""
