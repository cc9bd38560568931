"""The assistant's conversations: follow-up questions, per-agent history, feedback on answers."""
