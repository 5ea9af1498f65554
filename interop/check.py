#!/usr/bin/env python3
"""TokenGate's tokens, checked by software no one here wrote: PyJWT and joserfc.

    interop/check.py PATH/TO/tokengate

For each algorithm (RS256, PS256, ES256, EdDSA) it makes a key with `tokengate keys generate`, runs a server with it,
and verifies the access and refresh tokens it issues with PyJWT (PyJWKClient on the jwks_uri that issuer discovery
names; issuer and audience required) and with joserfc (the JWKS, with the kid checked against joserfc's RFC 7638
thumbprint), and shows that a Flask service protected by Flask-JWT-Extended with the public key accepts the access
token and refuses the refresh token. Then it rotates: a token of a retired key verifies while the key is listed and fails once it is dropped.
Then tokens PyJWT signs with keys TokenGate does not hold are refused. Last, the mail webhook's signature is checked
with the `standardwebhooks` package while a reset and a verification run through it (mail.py), and pyotp parses the
TOTP setup's URI and makes the codes of an enrolment and a login (mfa.py). Exits 1 when anything disagrees.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from flask import Flask
from flask_jwt_extended import JWTManager, get_jwt, jwt_required
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

import mail
import mfa

TOKENGATE = os.path.abspath(sys.argv[1])
AUDIENCE = "tokengate"
REQUIRED = ["exp", "iat", "nbf", "iss", "aud", "sub", "jti"]
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


def http(method, url, body=None, token=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`tokengate serve` with a key file, retired key files and a SQLite file, on a free port, for one `with`."""

    def __init__(self, folder, key, retired=(), database="tokengate.sqlite", algorithm="", port=None, extra_env=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            TOKENGATE_ENV="testing",
            TOKENGATE_BCRYPT_COST="4",
            TOKENGATE_DATABASE_URL=f"sqlite://{folder}/{database}",
            TOKENGATE_ISSUER=self.base,
            TOKENGATE_JWT_PRIVATE_KEY_FILE=key,
            TOKENGATE_JWT_VERIFY_KEY_FILES=",".join(retired),
            TOKENGATE_JWT_ALGORITHM=algorithm,
            LOG_LEVEL="error",
            TOKENGATE_MANAGEMENT_ADDRESS="off",
            TOKENGATE_DATA_DIR=folder,
            **(extra_env or {}),
        )

    def __enter__(self):
        self.process = subprocess.Popen([TOKENGATE, "serve", "--port", str(self.port)], env=self.env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if http("GET", self.base + "/health")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait(timeout=30)

    def register(self):
        status, body = http("POST", self.base + "/auth/register", {"email": f"{uuid.uuid4()}@example.com", "password": "correct horse"})
        assert status == 201, (status, body)
        return body

    def status_of(self, token):
        return http("GET", self.base + "/auth/status", token=token)[0]


def generate(folder, alg, name):
    path = os.path.join(folder, name)
    kid = subprocess.run([TOKENGATE, "keys", "generate", "--alg", alg, "--out", path], check=True, capture_output=True, text=True)
    return path, kid.stdout.strip()


def pyjwt_claims(server, token, alg):
    """PyJWT, configured with the issuer URL alone: discovery names the JWKS, PyJWKClient picks the key by kid."""
    _, metadata = http("GET", server.base + "/.well-known/openid-configuration")
    key = jwt.PyJWKClient(metadata["jwks_uri"], cache_keys=False).get_signing_key_from_jwt(token)
    return jwt.decode(token, key.key, algorithms=[alg], audience=AUDIENCE, issuer=metadata["issuer"], options={"require": REQUIRED})


def joserfc_claims(server, token, alg):
    _, document = http("GET", server.base + "/.well-known/jwks.json")
    keys = KeySet.import_key_set(document)
    decoded = jose_jwt.decode(token, keys, algorithms=[alg])
    registry = jose_jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": server.base}, aud={"essential": True, "value": AUDIENCE}, exp={"essential": True}
    )
    registry.validate(decoded.claims)
    return decoded.claims


def flask_service(issuer, public_pem, alg):
    """A Flask service protected by Flask-JWT-Extended with TokenGate's public key: the migration path."""
    app = Flask("protected-service")
    app.config.update(
        JWT_ALGORITHM=alg,
        JWT_PUBLIC_KEY=public_pem,
        JWT_DECODE_ISSUER=issuer,
        JWT_DECODE_AUDIENCE=AUDIENCE,
        JWT_TOKEN_LOCATION=["headers"],
    )
    JWTManager(app)

    @app.get("/protected")
    @jwt_required()
    def protected():
        return {"sub": get_jwt()["sub"]}

    return app.test_client()


def public_pem(key_file):
    with open(key_file, "rb") as file:
        private = serialization.load_pem_private_key(file.read(), password=None)
    return private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def refused(verify):
    try:
        verify()
        return False
    except Exception:
        return True


def every_algorithm(folder):
    for alg in ["RS256", "PS256", "ES256", "EdDSA"]:
        key, kid = generate(folder, alg, f"{alg}.pem")
        # An RSA key signs RS256 unless the configuration asks for PS256.
        with Server(folder, key, database=f"{alg}.sqlite", algorithm="PS256" if alg == "PS256" else "") as server:
            session = server.register()
            _, document = http("GET", server.base + "/.well-known/jwks.json")
            published = KeySet.import_key_set(document).keys[0]
            check(published.kid == kid == published.thumbprint(), f"{alg}: kid is the RFC 7638 thumbprint joserfc computes")
            service = flask_service(server.base, public_pem(key), alg)
            protected = lambda token: service.get("/protected", headers={"Authorization": f"Bearer {token}"}).status_code
            check(protected(session["access_token"]) == 200, f"{alg}: Flask-JWT-Extended accepts the access token")
            check(protected(session["refresh_token"]) == 422, f"{alg}: Flask-JWT-Extended refuses the refresh token where an access token is required")
            for kind in ["access", "refresh"]:
                token = session[f"{kind}_token"]
                check(jwt.get_unverified_header(token) == {"alg": alg, "kid": kid, "typ": "JWT"}, f"{alg}: {kind} token header")
                check(pyjwt_claims(server, token, alg)["type"] == kind, f"{alg}: PyJWT verifies the {kind} token")
                check(joserfc_claims(server, token, alg)["type"] == kind, f"{alg}: joserfc verifies the {kind} token")


def rotation(folder):
    old, old_kid = generate(folder, "ES256", "rotation-old.pem")
    new, new_kid = generate(folder, "EdDSA", "rotation-new.pem")
    port = free_port()  # one issuer URL across the restarts
    with Server(folder, old, database="rotation.sqlite", port=port) as server:
        token = server.register()["access_token"]
    # The new key is published before it signs.
    with Server(folder, old, retired=[new], database="rotation.sqlite", port=port) as server:
        _, document = http("GET", server.base + "/.well-known/jwks.json")
        check([key["kid"] for key in document["keys"]] == [old_kid, new_kid], "rotation: the new key is published before it signs")
        check(pyjwt_claims(server, token, "ES256")["type"] == "access", "rotation: PyJWT still verifies the signing key's token")
    with Server(folder, new, retired=[old], database="rotation.sqlite", port=port) as server:
        check(server.status_of(token) == 200, "rotation: TokenGate accepts a retired key's token while it is listed")
        check(pyjwt_claims(server, token, "ES256")["type"] == "access", "rotation: PyJWT verifies it with the published JWKS")
        check(joserfc_claims(server, token, "ES256")["type"] == "access", "rotation: joserfc verifies it with the published JWKS")
    with Server(folder, new, database="rotation.sqlite", port=port) as server:
        check(server.status_of(token) == 401, "rotation: TokenGate refuses it once the key is dropped")
        check(refused(lambda: pyjwt_claims(server, token, "ES256")), "rotation: PyJWT no longer finds its key")
        check(refused(lambda: joserfc_claims(server, token, "ES256")), "rotation: joserfc no longer finds its key")


def foreign_keys(folder):
    key, kid = generate(folder, "ES256", "foreign-target.pem")
    with Server(folder, key, database="foreign.sqlite") as server:
        session = server.register()
        claims = jwt.decode(session["access_token"], options={"verify_signature": False})
        check(server.status_of(session["access_token"]) == 200, "foreign: the genuine token is accepted (so the refusals mean something)")
        attacker_ec = ec.generate_private_key(ec.SECP256R1())
        attacker_ed = ed25519.Ed25519PrivateKey.generate()
        forged = {
            "ES256 by another key, under TokenGate's kid": jwt.encode(claims, attacker_ec, algorithm="ES256", headers={"kid": kid}),
            "ES256 by another key, under its own kid": jwt.encode(claims, attacker_ec, algorithm="ES256", headers={"kid": "attacker"}),
            "EdDSA by another key, under TokenGate's kid": jwt.encode(claims, attacker_ed, algorithm="EdDSA", headers={"kid": kid}),
            "alg none, under TokenGate's kid": jwt.encode(claims, None, algorithm="none", headers={"kid": kid}),
        }
        for what, token in forged.items():
            check(server.status_of(token) == 401, f"foreign: {what} is refused")


def main():
    with tempfile.TemporaryDirectory() as folder:
        every_algorithm(folder)
        rotation(folder)
        foreign_keys(folder)
        mail.webhook_delivery(folder, Server, http, check)
        mfa.totp_login(folder, Server, http, check)
    if failures:
        print(f"{len(failures)} interop check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("every interop check passed")


if __name__ == "__main__":
    main()
