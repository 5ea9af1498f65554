"""The mail webhook, checked by the `standardwebhooks` package (the Standard Webhooks reference library).

A receiver on loopback verifies every call with `standardwebhooks.Webhook(secret).verify`, answers the first one
503 (TokenGate must retry it with the same webhook-id) and the rest 204. Through it: a password reset requested,
its link followed to a new password, and an email verification.
"""
import base64
import json
import os
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

SECRET = "whsec_" + base64.b64encode(os.urandom(32)).decode()


class Receiver:
    """Records verified webhook calls; `wait(n)` blocks until n calls have come (or a timeout)."""

    def __init__(self):
        self.calls = []
        self.refused = []
        self.changed = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                headers = {name.lower(): value for name, value in self.headers.items()}
                try:
                    payload = Webhook(SECRET).verify(body, headers)
                except WebhookVerificationError as error:
                    receiver.record(receiver.refused, str(error))
                    self.send_response(400)
                    self.end_headers()
                    return
                first = receiver.record(receiver.calls, (headers, payload, body)) == 1
                self.send_response(503 if first else 204)
                self.end_headers()

            def log_message(self, *_):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def record(self, into, item):
        with self.changed:
            into.append(item)
            self.changed.notify_all()
            return len(into)

    def wait(self, count, timeout=30):
        with self.changed:
            return self.changed.wait_for(lambda: len(self.calls) >= count, timeout=timeout)

    def close(self):
        self.server.shutdown()


def token_of(link):
    return urllib.parse.parse_qs(urllib.parse.urlparse(link).query)["token"][0]


def webhook_delivery(folder, server_class, http, check):
    receiver = Receiver()
    env = {
        "TOKENGATE_JWT_SECRET": base64.b64encode(os.urandom(32)).decode(),
        "TOKENGATE_MAIL_WEBHOOK_URL": receiver.url,
        "TOKENGATE_MAIL_WEBHOOK_SECRET": SECRET,
        "TOKENGATE_PUBLIC_URL": "https://auth.example.com",
        "TOKENGATE_SERVICE_NAME": "Interop Books",
    }
    try:
        with server_class(folder, key="", database="mail.sqlite", extra_env=env) as server:
            email = "reader@example.com"
            status, session = http("POST", server.base + "/auth/register", {"email": email, "password": "correct horse"})
            check(status == 201, "mail: registered")
            status, _ = http("POST", server.base + "/auth/password/reset/request", {"email": email})
            check(status == 202, "mail: reset requested (202)")
            check(receiver.wait(2), "mail: the webhook was called again after answering 503")
            (first_headers, _, _), (headers, payload, body) = receiver.calls[0], receiver.calls[1]
            check(first_headers["webhook-id"] == headers["webhook-id"], "mail: the retry kept its webhook-id")
            check(payload["type"] == "reset_password" and payload["to"] == email, "mail: standardwebhooks verified the reset call")
            check(payload["link"].startswith("https://auth.example.com/reset-password?token="), "mail: the link uses TOKENGATE_PUBLIC_URL")
            check("Interop Books" in payload["subject"] and payload["link"] in payload["text"], "mail: the text names the service")
            tampered = body.replace(b"reset_password", b"reset_passwore")
            try:
                Webhook(SECRET).verify(tampered, headers)
                check(False, "mail: a tampered body fails standardwebhooks' check")
            except WebhookVerificationError:
                check(True, "mail: a tampered body fails standardwebhooks' check")
            status, _ = http("POST", server.base + "/auth/password/reset", {"token": token_of(payload["link"]), "new_password": "battery staple"})
            check(status == 200, "mail: the link's token reset the password")
            check(http("GET", server.base + "/auth/status", token=session["access_token"])[0] == 401, "mail: the old session is revoked")
            status, login = http("POST", server.base + "/auth/login", {"email": email, "password": "battery staple"})
            check(status == 200 and login["user"]["email_verified"], "mail: the new password logs in; the address counts as verified")

            other = "writer@example.com"
            status, session = http("POST", server.base + "/auth/register", {"email": other, "password": "correct horse"})
            status, _ = http("POST", server.base + "/auth/email/verify/request", token=session["access_token"])
            check(status == 202 and receiver.wait(3), "mail: verification requested and delivered")
            _, payload, _ = receiver.calls[2]
            check(payload["type"] == "verify_email" and payload["to"] == other, "mail: standardwebhooks verified the verification call")
            status, body = http("POST", server.base + "/auth/email/verify", {"token": token_of(payload["link"])})
            check(status == 200 and body["user"]["email_verified"], "mail: the link verified the address")
            check(not receiver.refused, "mail: standardwebhooks refused no call")
    finally:
        receiver.close()
