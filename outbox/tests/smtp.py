"""A real SMTP server on loopback (aiosmtpd), run in a thread of the test process.

It keeps every message it accepts; it can be told to refuse the next messages with a
temporary error, to hold a message before answering, or to drop the connection.
"""

import asyncio
import email
import email.policy
import logging
import socket
import threading
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

# aiosmtpd logs every line of every conversation at INFO.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Received:
    recipients: list[str]
    message: email.message.EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()

    def part(self, content_type: str) -> str:
        for part in self.message.walk():
            if part.get_content_type() == content_type:
                return part.get_content()
        raise KeyError(content_type)

    @property
    def text(self) -> str:
        return self.part("text/plain")

    @property
    def html(self) -> str:
        return self.part("text/html")


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refusals_left: int = 0
    refused: int = 0
    drop_connection: bool = False
    hold: threading.Event = field(default_factory=threading.Event)
    holding: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refusals_left > 0:
                self.refusals_left -= 1
                self.refused += 1
                return "451 4.3.0 Try again later"
        if self.drop_connection:
            # The message was handed over but the answer never comes back.
            server.transport.close()
            return "250 OK"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.received.append(Received(list(envelope.rcpt_tos), message))
        # Held: the server has the message (it will go out) but is slow to say so.
        while self.hold.is_set():
            self.holding.set()
            await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"


class SMTPServer:
    def __init__(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.handler.hold.clear()
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        with self.handler.lock:
            return list(self.handler.received)

    def refuse_next(self, count: int) -> None:
        with self.handler.lock:
            self.handler.refusals_left = count

    def to(self, address: str) -> list[Received]:
        return [r for r in self.received if address in r.recipients]


def wait_until(condition, timeout: float = 30, interval: float = 0.05, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")
