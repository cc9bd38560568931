"""Text generation through any OpenAI-compatible server (vLLM, Albert API, Ollama, llama.cpp)."""
