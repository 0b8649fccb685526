#!/usr/bin/env python3
"""A real SMTP server for the tests (aiosmtpd, from PyPI).

    python3 tests/smtp_server.py DIR

listens on a free 127.0.0.1 port, prints `READY <port>` and stores every accepted
message as DIR/<n>.json: {"mail_from", "rcpt_tos", "subject", "text", "html"}, with both
parts decoded by Python's email package. A test steers it with files in DIR:
- `refuse_once` (its contents: the reply, default `451 4.3.0 Try again later`): the next
  DATA is refused with that reply, and the file is removed;
- `refuse_always` (same): every DATA is refused with that reply (a 5xx, say).
It runs until its standard input closes or it is killed.
"""
import asyncio
import email
import email.policy
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Store:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def refusal(self):
        for name, once in (("refuse_once", True), ("refuse_always", False)):
            path = os.path.join(self.directory, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    reply = handle.read().strip() or "451 4.3.0 Try again later"
                if once:
                    os.remove(path)
                return reply
        return None

    async def handle_DATA(self, server, session, envelope):
        reply = self.refusal()
        if reply:
            return reply
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message.get("subject", "")),
            "from": str(message.get("from", "")),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
        }
        self.count += 1
        final = os.path.join(self.directory, f"{self.count:04}.json")
        with open(final + ".tmp", "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.replace(final + ".tmp", final)
        return "250 2.0.0 OK"


def main():
    directory = sys.argv[1]
    port = free_port()
    controller = Controller(Store(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"READY {port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
