"""A real SMTP server for tests (aiosmtpd), on 127.0.0.1 and a free port.

with running_smtp_server() as smtp:
    settings.MAILERS = {"default": {..., "OPTIONS": {"host": "127.0.0.1", "port": smtp.port,
                                                      "use_tls": False}}}
    ...  # send
    smtp.messages  # list of email.message.EmailMessage received
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class SmtpServer:
    port: int
    messages: list[EmailMessage] = field(default_factory=list)

    def wait_for(self, count: int = 1, timeout: float = 10) -> list[EmailMessage]:
        """The messages, once ``count`` have arrived (the server runs in its own thread)."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages


class _Collector:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd calls it so
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.server.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_smtp_server() -> Iterator[SmtpServer]:
    server = SmtpServer(port=_free_port())
    controller = Controller(_Collector(server), hostname="127.0.0.1", port=server.port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()
