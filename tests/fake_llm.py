"""A stand-in OpenAI-compatible chat server for tests: real HTTP on localhost, scripted replies.

The language model is outside the project, so tests replace it with this server; everything of
ours (the OpenAI client, the prompt, the marker checks, the SSE relay) still runs for real.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DEFAULT_REPLY = "Réponse de test [1]."


@dataclass(frozen=True)
class Reply:
    """A scripted reply with a behaviour: cut after `die_after` characters (the server dies), end
    the stream cleanly after `cut_after` characters without a finish reason (llama.cpp's server when
    another request arrives), wait `delay_s` between pieces (a slow server), or send no usage even
    when asked."""

    text: str
    die_after: int | None = None
    cut_after: int | None = None
    delay_s: float = 0.0
    usage: bool = True


class FakeLLM:
    """Replies with the scripted texts in order (then `DEFAULT_REPLY`), streamed or whole, with usage."""

    def __init__(self, model: str = "fake-llm-8b") -> None:
        self.model = model
        self.requests: list[dict] = []
        self._replies: list[str | Reply] = []
        self.disconnects = 0  # streams the client closed before their end (a cancelled generation)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fake-llm", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def start(self) -> FakeLLM:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *replies: str | Reply) -> None:
        with self._lock:
            self._replies = list(replies)
            self.requests.clear()

    def next_reply(self, request: dict) -> Reply:
        with self._lock:
            self.requests.append(request)
            reply = self._replies.pop(0) if self._replies else DEFAULT_REPLY
            return reply if isinstance(reply, Reply) else Reply(reply)

    @property
    def last_prompt(self) -> str:
        """All message contents of the last request, joined (to count the passages it was given)."""
        return "\n".join(m.get("content", "") for m in self.requests[-1]["messages"])


def _handler(llm: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # streams are chunked, as real servers send them

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def handle(self) -> None:
            try:
                super().handle()
            except (ConnectionResetError, BrokenPipeError):
                pass  # the client closed a kept-alive connection (a stream it stopped reading)

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._json({"object": "list", "data": [
                    {"id": llm.model, "object": "model", "created": 0, "owned_by": "fake"}]})
            else:
                self._json({"error": {"message": "not found"}}, 404)

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/chat/completions":
                self._json({"error": {"message": "not found"}}, 404)
                return
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            scripted = llm.next_reply(body)
            reply = scripted.text
            prompt = sum(len(m.get("content") or "") for m in body.get("messages", [])) // 4
            usage = {"prompt_tokens": prompt, "completion_tokens": max(1, len(reply) // 4)}
            usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
            if body.get("stream"):
                wants = bool((body.get("stream_options") or {}).get("include_usage")) and scripted.usage
                try:
                    self._stream(scripted, usage, wants)
                except (BrokenPipeError, ConnectionResetError):
                    with llm._lock:
                        llm.disconnects += 1
            else:
                self._json({"id": "fake-1", "object": "chat.completion", "created": int(time.time()),
                            "model": llm.model, "usage": usage, "choices": [{
                                "index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": reply}}]})

        def _stream(self, scripted: Reply, usage: dict, include_usage: bool) -> None:
            cut = scripted.die_after if scripted.die_after is not None else scripted.cut_after
            reply = scripted.text if cut is None else scripted.text[:cut]
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            head = {"id": "fake-1", "object": "chat.completion.chunk", "created": int(time.time()), "model": llm.model}
            # Pieces of 5 characters: markers like "[7]" arrive cut in two, as real servers send them.
            pieces = [reply[i:i + 5] for i in range(0, len(reply), 5)]
            events = [{**head, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                      for p in pieces]
            if cut is None:
                events.append({**head, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                if include_usage:
                    events.append({**head, "choices": [], "usage": usage})
            for event in events:
                self._chunk(f"data: {json.dumps(event)}\n\n".encode())
                time.sleep(scripted.delay_s)
            if scripted.die_after is not None:
                self.close_connection = True  # the server died: the body ends without its last chunk
                return
            self._chunk(b"data: [DONE]\n\n")
            self._chunk(b"")

        def _chunk(self, data: bytes) -> None:
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _json(self, payload: dict, status: int = 200) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
