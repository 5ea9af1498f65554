"""The peer TokenGate is measured against: API.md on the Flask + JWT tutorials' stack.

Flask, Flask-JWT-Extended, Flask-SQLAlchemy (SQLite), Flask-Bcrypt, served by gunicorn with sync workers,
written the way those tutorials write it: a token blocklist table checked on every request, bcrypt at the
configured cost, the same token lifetimes as TokenGate.
"""

import os
import uuid
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request
from flask_bcrypt import Bcrypt
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
)
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.exc import IntegrityError

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("PEER_DATABASE_URI", "sqlite:///peer.sqlite")
app.config["JWT_SECRET_KEY"] = os.environ.get("PEER_JWT_SECRET", "peer-secret-peer-secret-peer-secret!")
app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=15)
app.config["JWT_REFRESH_TOKEN_EXPIRES"] = timedelta(days=30)
app.config["JWT_TOKEN_LOCATION"] = ["headers"]
app.config["BCRYPT_LOG_ROUNDS"] = int(os.environ.get("PEER_BCRYPT_COST", "12"))

db = SQLAlchemy(app)
bcrypt = Bcrypt(app)
jwt = JWTManager(app)


def now():
    return datetime.now(timezone.utc)


class User(db.Model):
    id = db.Column(db.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    email = db.Column(db.String(254), unique=True, nullable=False)
    name = db.Column(db.String(200))
    password = db.Column(db.String(255), nullable=False)
    roles = db.Column(db.String(64), nullable=False, default="user")
    created_at = db.Column(db.DateTime, nullable=False, default=now)

    def to_json(self):
        return {
            "id": self.id,
            "email": self.email,
            "name": self.name,
            "roles": sorted(self.roles.split(",")),
            "created_at": self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


class Book(db.Model):
    id = db.Column(db.String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    title = db.Column(db.String(200), nullable=False)
    author = db.Column(db.String(200), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=now, index=True)
    updated_at = db.Column(db.DateTime, nullable=False, default=now)

    def to_json(self):
        return {
            "id": self.id,
            "title": self.title,
            "author": self.author,
            "created_at": self.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "updated_at": self.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }


class TokenBlocklist(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    jti = db.Column(db.String(36), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=now)


@jwt.token_in_blocklist_loader
def check_if_token_revoked(jwt_header, jwt_payload):
    jti = jwt_payload["jti"]
    return db.session.query(TokenBlocklist.id).filter_by(jti=jti).scalar() is not None


def error(status, code, message):
    return jsonify({"error": code, "message": message}), status


def body():
    if request.mimetype == "application/x-www-form-urlencoded":
        return request.form
    return request.get_json(silent=True) or {}


def issue(user):
    claims = {"roles": user.roles.split(",")}
    return {
        "access_token": create_access_token(identity=user.id, additional_claims=claims, fresh=True),
        "refresh_token": create_refresh_token(identity=user.id),
        "token_type": "Bearer",
        "expires_in": 900,
    }


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/auth/register")
def register():
    data = body()
    email, password = data.get("email"), data.get("password")
    if not email or not password or len(password) < 8:
        return error(422, "validation_failed", "Some fields are not valid.")
    user = User(email=email.lower(), name=data.get("name"), password=bcrypt.generate_password_hash(password).decode())
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return error(409, "email_taken", "An account with this email address exists already.")
    return {"user": user.to_json(), **issue(user)}, 201


@app.post("/auth/login")
def login():
    data = body()
    user = User.query.filter_by(email=(data.get("email") or "").lower()).first()
    if user and bcrypt.check_password_hash(user.password, data.get("password") or ""):
        return {"user": user.to_json(), **issue(user)}
    return error(401, "invalid_credentials", "The email or password is not correct.")


@app.post("/auth/refresh")
@jwt_required(refresh=True)
def refresh():
    user = db.session.get(User, get_jwt_identity())
    db.session.add(TokenBlocklist(jti=get_jwt()["jti"]))
    db.session.commit()
    pair = issue(user)
    pair["access_token"] = create_access_token(identity=user.id, additional_claims={"roles": user.roles.split(",")})
    return pair


@app.get("/auth/status")
@app.get("/auth/me")
@jwt_required()
def status():
    user = db.session.get(User, get_jwt_identity())
    return {"user": user.to_json()}


@app.post("/auth/logout")
@jwt_required()
def logout():
    db.session.add(TokenBlocklist(jti=get_jwt()["jti"]))
    db.session.commit()
    return {"message": "Successfully logged out."}


@app.get("/books")
@jwt_required()
def books():
    limit = min(max(int(request.args.get("limit", 20)), 1), 100)
    query = Book.query.order_by(Book.created_at, Book.id)
    cursor = request.args.get("cursor")
    if cursor:
        created, book_id = cursor.split("|")
        stamp = datetime.fromisoformat(created)
        query = query.filter((Book.created_at > stamp) | ((Book.created_at == stamp) & (Book.id > book_id)))
    rows = query.limit(limit + 1).all()
    page = rows[:limit]
    next_cursor = f"{page[-1].created_at.isoformat()}|{page[-1].id}" if len(rows) > limit else None
    return {"books": [book.to_json() for book in page], "next_cursor": next_cursor}


@app.post("/books")
@jwt_required()
def create_book():
    if not set(get_jwt().get("roles", [])) & {"editor", "admin"}:
        return error(403, "forbidden", "Your roles do not allow this.")
    data = body()
    if not data.get("title") or not data.get("author"):
        return error(422, "validation_failed", "Some fields are not valid.")
    book = Book(title=data["title"], author=data["author"])
    db.session.add(book)
    db.session.commit()
    return {"book": book.to_json()}, 201, {"Location": f"/books/{book.id}"}


@app.put("/admin/roles")
def set_roles():
    """Benchmark set-up only (the peer has no admin API): makes an editor when the set-up key matches."""
    if request.headers.get("X-Setup-Key") != app.config["JWT_SECRET_KEY"]:
        return error(403, "forbidden", "Your roles do not allow this.")
    data = body()
    user = User.query.filter_by(email=data["email"].lower()).first()
    user.roles = ",".join(sorted(set(data["roles"]) | {"user"}))
    db.session.commit()
    return {"user": user.to_json()}


with app.app_context():
    db.create_all()
