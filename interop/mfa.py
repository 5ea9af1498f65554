"""The TOTP second factor, checked by `pyotp`: the otpauth:// URI parses, and codes pyotp makes from the secret
TokenGate returned confirm the factor and complete logins (a replayed code is refused)."""
import base64
import os
import time

import pyotp


def totp_login(folder, server_class, http, check):
    env = {"TOKENGATE_JWT_SECRET": base64.b64encode(os.urandom(32)).decode(), "TOKENGATE_SERVICE_NAME": "Interop Books"}
    with server_class(folder, key="", database="mfa.sqlite", extra_env=env) as server:
        email = "second@example.com"
        status, session = http("POST", server.base + "/auth/register", {"email": email, "password": "correct horse"})
        check(status == 201, "totp: registered")
        status, setup = http("POST", server.base + "/auth/mfa/totp", token=session["access_token"])
        check(status == 200, "totp: setup answered 200")
        parsed = pyotp.parse_uri(setup["otpauth_uri"])
        check(isinstance(parsed, pyotp.TOTP), "totp: pyotp parses the otpauth:// URI as TOTP")
        check(parsed.secret == setup["secret"] and parsed.issuer == "Interop Books", "totp: the URI holds the secret and the issuer")
        check(parsed.name == email and parsed.digits == 6 and parsed.interval == 30, "totp: the URI names the account, 6 digits, 30 s")
        totp = pyotp.TOTP(setup["secret"])
        status, body = http("POST", server.base + "/auth/mfa/totp/confirm", {"code": totp.now()}, token=session["access_token"])
        check(status == 200 and len(body["recovery_codes"]) == 10, "totp: pyotp's code confirmed the factor; ten recovery codes")

        status, first = http("POST", server.base + "/auth/login", {"email": email, "password": "correct horse"})
        check(status == 200 and first.get("mfa_required") is True and "access_token" not in first, "totp: the login asks for a code")
        # The confirmation spent this step's code; the next step's code is within the ±1 step TokenGate accepts.
        code = totp.at(time.time() + 30)
        status, login = http("POST", server.base + "/auth/login/mfa", {"mfa_token": first["mfa_token"], "code": code})
        check(status == 200 and "access_token" in login, "totp: pyotp's code completed the login")
        status, second = http("POST", server.base + "/auth/login", {"email": email, "password": "correct horse"})
        status, replay = http("POST", server.base + "/auth/login/mfa", {"mfa_token": second["mfa_token"], "code": code})
        check(status == 401 and replay["error"] == "invalid_code", "totp: the same code is refused the second time")
