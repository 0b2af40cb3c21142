"""A PTB request that answers the Bot API in-process and records every call: handlers and jobs
run on a real `Application`, and a failing handler gives a traceback, not a log file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.fake_telegram import chat_member

BOT = {"id": 424242, "is_bot": True, "first_name": "Briefing", "username": "BriefingTestBot",
       "can_join_groups": True, "can_read_all_group_messages": False,
       "supports_inline_queries": False}


@dataclass
class RecordedCall:
    method: str
    params: dict[str, Any]


@dataclass
class RecordingRequest(BaseRequest):
    calls: list[RecordedCall] = field(default_factory=list)
    member_status: dict[tuple[int, int], str] = field(default_factory=dict)
    _next_message: int = 1

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        self.calls.append(RecordedCall(api_method, params))
        return 200, json.dumps({"ok": True, "result": self._result(api_method, params)}).encode()

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return BOT
        if method in ("sendMessage", "sendDocument"):
            self._next_message += 1
            chat_id = params["chat_id"]
            return {"message_id": self._next_message, "date": 0, "text": params.get("text", ""),
                    "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}}
        if method == "getChatMember":
            status = self.member_status.get((params["chat_id"], params["user_id"]), "member")
            return chat_member(params["user_id"], status)
        return True
