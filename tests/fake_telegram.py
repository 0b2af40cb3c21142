"""A fake Telegram Bot API server on 127.0.0.1 for end-to-end tests and benchmarks.

It speaks the real wire format: `/bot<token>/<method>` with query, form, JSON or multipart
parameters, `{"ok": true, "result": …}` replies and Bot API error replies (400, 401, 403, 429
with `retry_after`, migrations). Tests push updates, script failures and read every call.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

DROP = 0  # a scripted "failure" that closes the connection without replying
BOT_ID = 424242
BOT_USERNAME = "BriefingTestBot"
ANONYMOUS_ADMIN_BOT = 1087968824
_INT_FIELDS = {"chat_id", "offset", "limit", "timeout", "message_thread_id", "user_id",
               "message_id"}
_JSON_FIELDS = {"commands", "allowed_updates", "link_preview_options", "reply_parameters",
                "reply_markup", "scope"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float
    status: int = 200


@dataclass
class FakeTelegram:
    token: str
    max_per_second: float | None = None     # enforce Telegram's overall flood limit
    calls: list[Call] = field(default_factory=list)
    members: dict[tuple[int, int], str] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    migrated: dict[int, int] = field(default_factory=dict)
    feed: bytes = b""
    pages: dict[str, bytes] = field(default_factory=dict)   # article pages by path (HTML)
    # chat id → seconds: sendMessage to it is delivered, but answered this late (a slow API)
    slow: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._next_message = 1
        self._failures: dict[tuple[str, int | None], deque[tuple[int, dict]]] = {}
        self._condition = threading.Condition()
        self._sent_times: deque[float] = deque()
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self)

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        ThreadingHTTPServer.request_queue_size = 256  # broadcasts open many connections at once
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self.base_url

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    def stop(self) -> None:
        if self._server:
            with self._condition:
                self._condition.notify_all()
            self._server.shutdown()
            self._server.server_close()

    # ------------------------------------------------------------------ scripting

    def push(self, update: dict[str, Any]) -> int:
        with self._condition:
            update = {"update_id": self._next_update, **update}
            self._next_update += 1
            self._updates.append(update)
            self._condition.notify_all()
            return update["update_id"]

    def fail(self, method: str, chat_id: int | None, status: int, description: str,
             **parameters: Any) -> None:
        """The next call of `method` (for `chat_id`) gets this error reply."""
        with self._condition:
            self._failures.setdefault((method, chat_id), deque()).append(
                (status, {"ok": False, "error_code": status, "description": description,
                          **({"parameters": parameters} if parameters else {})}))

    def sent(self, chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._condition:
            return [c.params for c in self.calls if c.method == "sendMessage"
                    and c.status == 200 and (chat_id is None or c.params["chat_id"] == chat_id)]

    def texts(self, chat_id: int) -> list[str]:
        return [p["text"] for p in self.sent(chat_id)]

    def wait_for(self, predicate, timeout: float = 15.0, what: str = "condition") -> Any:
        deadline = time.monotonic() + timeout
        with self._condition:
            while True:
                result = predicate()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    recent = [(c.method, c.params.get("chat_id")) for c in self.calls[-15:]]
                    raise AssertionError(f"timed out waiting for {what}; last calls: {recent}")
                self._condition.wait(min(remaining, 0.1))

    def wait_for_texts(self, chat_id: int, count: int, timeout: float = 15.0) -> list[str]:
        self.wait_for(lambda: len(self.sent(chat_id)) >= count, timeout,
                      f"{count} message(s) to chat {chat_id}")
        return self.texts(chat_id)

    def consumed(self) -> bool:
        """True once the bot has fetched every pushed update."""
        with self._condition:
            return not self._updates

    # ------------------------------------------------------------------ HTTP

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlparse(request.path)
        if url.path == "/feed.xml":
            self._reply(request, 200, self.feed, "application/rss+xml")
            return
        if url.path in self.pages:
            self._reply(request, 200, self.pages[url.path], "text/html; charset=utf-8")
            return
        prefix = f"/bot{self.token}/"
        if not url.path.startswith(prefix):
            self._json(request, 401, {"ok": False, "error_code": 401,
                                      "description": "Unauthorized"})
            return
        method = url.path[len(prefix):]
        params = _parameters(request, url.query)
        status, body = self._answer(method, params)
        delay = self.slow.get(params.get("chat_id")) if method == "sendMessage" else None
        if delay:
            with self._condition:  # delivered now; the answer comes late
                self.calls.append(Call(method, params, time.monotonic(), status))
                self._condition.notify_all()
            time.sleep(delay)
            self._json(request, status, body)
            return
        if status == DROP:
            with self._condition:
                self.calls.append(Call(method, params, time.monotonic(), status))
            request.close_connection = True
            request.connection.shutdown(2)  # hang up without a reply: a network failure
            return
        with self._condition:
            self.calls.append(Call(method, params, time.monotonic(), status))
            self._condition.notify_all()
        self._json(request, status, body)

    def _answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = params.get("chat_id")
        with self._condition:
            for key in ((method, chat_id), (method, None)):
                if self._failures.get(key):
                    return self._failures[key].popleft()
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        if method in ("sendMessage", "sendDocument"):
            if chat_id is None:  # e.g. a request cut off when its sender was killed
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: chat_id is empty"}
            refusal = self._refuse_send(chat_id)
            if refusal:
                return refusal
            result = self._message(params, method)
            params["message_id"] = result["message_id"]  # so a test can press its buttons
            return 200, {"ok": True, "result": result}
        handler = {
            "getMe": lambda: {"id": BOT_ID, "is_bot": True, "first_name": "Briefingbot",
                              "username": BOT_USERNAME, "can_join_groups": True,
                              "can_read_all_group_messages": False,
                              "supports_inline_queries": False},
            "getChatMember": lambda: self._member(params),
        }.get(method)
        if handler:
            return 200, {"ok": True, "result": handler()}
        if method == "editMessageText":
            return 200, {"ok": True, "result": self._edited(params)}
        if method in ("setMyCommands", "deleteWebhook", "setWebhook", "close", "logOut",
                      "answerCallbackQuery"):
            return 200, {"ok": True, "result": True}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method"}

    def _refuse_send(self, chat_id: int | None) -> tuple[int, dict[str, Any]] | None:
        if chat_id in self.blocked:
            return 403, {"ok": False, "error_code": 403,
                         "description": "Forbidden: bot was blocked by the user"}
        if chat_id in self.migrated:
            return 400, {"ok": False, "error_code": 400,
                         "description": "Bad Request: group chat was upgraded to a supergroup "
                                        "chat", "parameters":
                             {"migrate_to_chat_id": self.migrated[chat_id]}}
        if self.max_per_second:
            now = time.monotonic()
            with self._condition:
                while self._sent_times and now - self._sent_times[0] >= 1.0:
                    self._sent_times.popleft()
                if len(self._sent_times) >= self.max_per_second:
                    return 429, {"ok": False, "error_code": 429,
                                 "description": "Too Many Requests: retry after 1",
                                 "parameters": {"retry_after": 1}}
                self._sent_times.append(now)
        return None

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + min(timeout, 2.0)  # short polls keep shutdowns quick
        with self._condition:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._condition.wait(deadline - time.monotonic())
            return list(self._updates)

    def _message(self, params: dict[str, Any], method: str) -> dict[str, Any]:
        with self._condition:
            message_id = self._next_message
            self._next_message += 1
        chat_id = params["chat_id"]
        message: dict[str, Any] = {
            "message_id": message_id, "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup",
                     **({"first_name": "Gebruiker"} if chat_id > 0 else {"title": "Groep"})},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Briefingbot",
                     "username": BOT_USERNAME},
        }
        if method == "sendMessage":
            message["text"] = params.get("text", "")
        else:
            message["document"] = {"file_id": f"f{message_id}", "file_unique_id": f"u{message_id}",
                                   "file_name": params.get("_filename", "bestand")}
        if params.get("message_thread_id"):
            message["message_thread_id"] = params["message_thread_id"]
            message["is_topic_message"] = True
        return message

    def _edited(self, params: dict[str, Any]) -> dict[str, Any]:
        """The message after editMessageText: the text and keyboard it was given."""
        chat_id = params["chat_id"]
        message: dict[str, Any] = {
            "message_id": params["message_id"], "date": int(time.time()),
            "edit_date": int(time.time()), "text": params.get("text", ""),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup",
                     **({"first_name": "Gebruiker"} if chat_id > 0 else {"title": "Groep"})},
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Briefingbot",
                     "username": BOT_USERNAME}}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    def calls_of(self, method: str, chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._condition:
            return [c.params for c in self.calls if c.method == method and c.status == 200
                    and (chat_id is None or c.params.get("chat_id") == chat_id)]

    def _member(self, params: dict[str, Any]) -> dict[str, Any]:
        status = self.members.get((params["chat_id"], params["user_id"]), "member")
        return chat_member(params["user_id"], status)

    @staticmethod
    def _json(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        FakeTelegram._reply(request, status, json.dumps(body).encode(), "application/json")

    @staticmethod
    def _reply(request: BaseHTTPRequestHandler, status: int, data: bytes, kind: str) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", kind)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot hung up on a long poll while shutting down


def _parameters(request: BaseHTTPRequestHandler, query: str) -> dict[str, Any]:
    raw: dict[str, Any] = dict(parse_qsl(query))
    length = int(request.headers.get("Content-Length") or 0)
    body = request.rfile.read(length) if length else b""
    kind = request.headers.get("Content-Type", "")
    if body and kind.startswith("application/json"):
        raw.update(json.loads(body))
    elif body and kind.startswith("multipart/form-data"):
        raw.update(_multipart(body, kind))
    elif body:
        raw.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {k: _value(k, v) for k, v in raw.items()}


def _multipart(body: bytes, kind: str) -> dict[str, Any]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        if filename:
            fields["_filename"] = filename
            fields[name] = payload
        else:
            fields[name] = payload.decode("utf-8")
    return fields


def _value(key: str, value: Any) -> Any:
    if isinstance(value, str) and key in _INT_FIELDS and value.lstrip("-").isdigit():
        return int(value)
    if isinstance(value, str) and key in _JSON_FIELDS:
        return json.loads(value)
    return value


# ---------------------------------------------------------------------- update builders

def user(user_id: int, name: str = "Ada") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name}


def private_chat(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": "Ada"}


def group_chat(chat_id: int, title: str = "Beleidsgroep", kind: str = "group",
               forum: bool = False) -> dict[str, Any]:
    return {"id": chat_id, "type": kind, "title": title, **({"is_forum": True} if forum else {})}


def command(chat: dict[str, Any], sender: dict[str, Any] | None, text: str,
            thread_id: int | None = None, sender_chat: dict[str, Any] | None = None
            ) -> dict[str, Any]:
    word = text.split()[0]
    message: dict[str, Any] = {
        "message_id": int(time.time() * 1000) % 1_000_000_000, "date": int(time.time()),
        "chat": chat, "text": text,
        "entities": [{"type": "bot_command", "offset": 0, "length": len(word)}],
    }
    if sender is not None:
        message["from"] = sender
    if sender_chat is not None:
        message["sender_chat"] = sender_chat
    if thread_id is not None:
        message["message_thread_id"] = thread_id
        message["is_topic_message"] = True
    return {"message": message}


def removed_from(chat: dict[str, Any], by: dict[str, Any]) -> dict[str, Any]:
    bot = {"id": BOT_ID, "is_bot": True, "first_name": "Briefingbot", "username": BOT_USERNAME}
    return {"my_chat_member": {
        "chat": chat, "from": by, "date": int(time.time()),
        "old_chat_member": {"status": "member", "user": bot},
        "new_chat_member": {"status": "left", "user": bot}}}


def button_press(chat: dict[str, Any], sender: dict[str, Any], message: dict[str, Any],
                 data: str) -> dict[str, Any]:
    """A tap on an inline button of `message` (the sendMessage parameters the bot used)."""
    pressed = {"message_id": message["message_id"], "date": int(time.time()), "chat": chat,
               "text": message.get("text", ""),
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Briefingbot",
                        "username": BOT_USERNAME}}
    if message.get("reply_markup"):
        pressed["reply_markup"] = message["reply_markup"]
    return {"callback_query": {"id": f"q{time.monotonic_ns()}", "from": sender,
                               "chat_instance": str(chat["id"]), "data": data,
                               "message": pressed}}


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A message's inline buttons: label → callback data."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def migration(old_chat: dict[str, Any], new_id: int) -> dict[str, Any]:
    return {"message": {"message_id": 1, "date": int(time.time()), "chat": old_chat,
                        "migrate_to_chat_id": new_id}}


def chat_member(user_id: int, status: str) -> dict[str, Any]:
    """A ChatMember as the Bot API sends it: administrators come with all their rights."""
    user = {"id": user_id, "is_bot": False, "first_name": "Lid"}
    if status == "administrator":
        rights = dict.fromkeys(
            ("can_be_edited", "is_anonymous", "can_manage_chat", "can_delete_messages",
             "can_manage_video_chats", "can_restrict_members", "can_promote_members",
             "can_change_info", "can_invite_users", "can_post_stories", "can_edit_stories",
             "can_delete_stories"), False)
        return {"status": "administrator", "user": user, **rights}
    if status == "creator":
        return {"status": "creator", "user": user, "is_anonymous": False}
    return {"status": status, "user": user}
