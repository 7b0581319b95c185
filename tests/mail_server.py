"""A real SMTP server for the tests (aiosmtpd's Controller on a free loopback port): it keeps every message it
accepts, as bytes, and can be told to misbehave at the Nth message — drop the connection before accepting it,
or hold it unanswered until the test has killed the sender."""
import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from typing import Self


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd's handler: accepted messages in order, and the faults the test asked for."""

    def __init__(self) -> None:
        self.accepted: list[bytes] = []
        self.seen = 0                       # DATA commands received, accepted or not
        self.drop_at: int | None = None     # the seen-th message: close the connection, keep nothing
        self.hold_at: int | None = None     # the seen-th message: wait (unanswered) until `release` is set
        self.arrived = threading.Event()    # the held message has arrived
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope) -> str:
        self.seen += 1
        if self.seen == self.drop_at:
            server.transport.close()   # the sender sees the connection go before any reply
            return "421 closing"
        if self.seen == self.hold_at:
            self.arrived.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            server.transport.close()
            return "421 closing"
        self.accepted.append(envelope.original_content or envelope.content)
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=email.policy.default) for raw in self.accepted]

    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages()]


class MailServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> Self:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.mailbox.release.set()
        self.controller.stop()
