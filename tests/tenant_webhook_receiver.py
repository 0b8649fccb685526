#!/usr/bin/env python3
"""A tenant's webhook receiver for the tests: verifies every delivery with the
`standardwebhooks` package from PyPI (an implementation independent of the portal's).

Usage: tenant_webhook_receiver.py [PORT]   (0 or none: a free port; the port is printed)

POST /hook            verify with the configured secret (`?secret=whsec_…` overrides it);
                      401 with the reason when verification fails, else 500 while failures
                      are ordered, else 200 and the delivery is recorded as accepted.
POST /control         JSON {"secret": "whsec_…"} and/or {"fail": n}
GET  /received        JSON {"accepted": [...], "answered_500": [...], "rejected": [...]}
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

LOCK = threading.Lock()
STATE = {"secret": None, "fail": 0, "accepted": [], "answered_500": [], "rejected": []}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if urlparse(self.path).path != "/received":
            return self.answer(404, {"error": "not found"})
        with LOCK:
            self.answer(200, {k: STATE[k] for k in ("accepted", "answered_500", "rejected")})

    def do_POST(self):
        url = urlparse(self.path)
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length).decode()
        if url.path == "/control":
            order = json.loads(body or "{}")
            with LOCK:
                STATE.update({k: v for k, v in order.items() if k in ("secret", "fail")})
            return self.answer(200, {"ok": True})
        if url.path != "/hook":
            return self.answer(404, {"error": "not found"})
        headers = {k.lower(): v for k, v in self.headers.items()}
        secret = parse_qs(url.query).get("secret", [None])[0] or STATE["secret"]
        record = {
            "id": headers.get("webhook-id"),
            "timestamp": headers.get("webhook-timestamp"),
            "signature": headers.get("webhook-signature"),
            "body": body,
        }
        try:
            if not secret:
                raise WebhookVerificationError("no secret configured")
            Webhook(secret).verify(body, headers)
        except Exception as error:  # every failure is a refusal, with its reason
            with LOCK:
                STATE["rejected"].append(dict(record, reason=str(error)))
            return self.answer(401, {"error": str(error)})
        with LOCK:
            if STATE["fail"] > 0:
                STATE["fail"] -= 1
                STATE["answered_500"].append(record)
                return self.answer(500, {"error": "ordered failure"})
            STATE["accepted"].append(record)
        self.answer(200, {"ok": True})


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
