#!/usr/bin/env python3
"""Prints COUNT distinct valid access tokens of a TokenGate server, one per line.

    bench/mint_tokens.py BASE_URL COUNT

Registers one user, then walks a refresh chain: every refresh answers a new pair, and each access token stays
valid until it expires (15 minutes by default), so no password hashing is needed past the first.
"""
import http.client
import json
import sys
import urllib.parse
import uuid

base, count = sys.argv[1], int(sys.argv[2])
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)


def post(path, body=None, token=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request("POST", path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    answer = json.loads(response.read())
    if response.status not in (200, 201):
        sys.exit(f"{path} answered {response.status}: {answer}")
    return answer


pair = post("/auth/register", {"email": f"mint-{uuid.uuid4()}@example.com", "password": "mint password 1"})
tokens = [pair["access_token"]]
while len(tokens) < count:
    pair = post("/auth/refresh", token=pair["refresh_token"])
    tokens.append(pair["access_token"])
print("\n".join(tokens))
