"""A real SMTP server (aiosmtpd) on a free local port, so that tests send email through Django's own SMTP
backend exactly as production does, and read what arrived."""

import email
import email.policy
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class RecordingHandler:
    """Keeps every message accepted. ``refuse`` lists recipients answered 550 (no such mailbox);
    ``fail_data`` makes the server refuse every message after accepting its recipients."""

    refuse: set[str] = field(default_factory=set)
    fail_data: bool = False
    messages: list = field(default_factory=list)
    port: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_data:
            return "554 5.3.0 Mail system failure"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for message in self.messages if address in message["To"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_smtp_server(handler: RecordingHandler | None = None):
    handler = handler or RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        handler.port = controller.port
        yield handler
    finally:
        controller.stop()


def use_smtp(settings, port: int) -> None:
    """Point Django's mail at 127.0.0.1:port through the SMTP backend (the test settings use locmem)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
