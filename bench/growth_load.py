"""Loads a TokenGate SQLite database (migrated, empty) with `count` users, `count` books and `count // 10` revoked
sessions that are still live (revoked a minute ago, expiring in 30 days), in bulk SQL, and prints the cursor of the
book halfway through the list (the deep page the growth run reads).

    python3 bench/growth_load.py DATABASE_FILE COUNT
"""

import base64
import sqlite3
import sys
import time
import uuid


def ids(count):
    return [str(uuid.uuid4()).upper() for _ in range(count)]


def main():
    path, count = sys.argv[1], int(sys.argv[2])
    now = int(time.time())
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = WAL")
    user_ids = ids(count)
    with connection:
        connection.executemany(
            "INSERT INTO users (id, email, email_key, name, password_hash, roles, created_at) VALUES (?, ?, ?, ?, ?, 'user', ?)",
            ((user_id, f"load{i}@example.com", f"load{i}@example.com", f"Load {i}", "not-a-login-hash", now - count + i)
             for i, user_id in enumerate(user_ids)),
        )
        start_ms = (now - count) * 1000
        book_ids = ids(count)
        connection.executemany(
            "INSERT INTO books (id, title, author, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
            ((book_id, f"Book {i}", f"Author {i}", start_ms + i, start_ms + i) for i, book_id in enumerate(book_ids)),
        )
        connection.executemany(
            """INSERT INTO sessions (id, user_id, current_jti, previous_jti, rotated_at, created_at, expires_at, revoked_at)
               VALUES (?, ?, ?, NULL, ?, ?, ?, ?)""",
            ((session_id, user_ids[i % count], str(uuid.uuid4()).upper(), now - 600, now - 600, now + 30 * 86400, now - 60)
             for i, session_id in enumerate(ids(count // 10))),
        )
    # The keyset cursor of the middle book: base64url("<created_at ms>:<id>") in (created_at, id) order.
    created, book_id = connection.execute(
        "SELECT created_at, id FROM books ORDER BY created_at, id LIMIT 1 OFFSET ?", (count // 2,)
    ).fetchone()
    connection.close()
    print(base64.urlsafe_b64encode(f"{created}:{book_id}".encode()).decode().rstrip("="))


if __name__ == "__main__":
    main()
