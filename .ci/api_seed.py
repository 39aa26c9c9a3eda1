"""Seed a live server for schemathesis (.ci/run): a user, a token, an upload.

``python .ci/api_seed.py BASE_URL SAMPLE_FILE`` registers a new user, logs in,
uploads SAMPLE_FILE into a new conversation and reads its running-table row,
then prints shell assignments (quoted) for .ci/run to ``eval``:

    ST_TOKEN=...            the user's access token
    ST_LOGOUT_TOKEN=...     a second token of the same user, for the logout run
    ST_CONVERSATION_ID=...  the conversation holding the upload
    ST_ROWID=...            the upload's row
    ST_FILE_TOKEN=...       the row's signed download token (/files/<token>)

Standard library only: it runs before anything else is known to work.
"""

from __future__ import annotations

import json
import shlex
import sys
import urllib.parse
import urllib.request
import uuid
from pathlib import Path


def call(method: str, url: str, *, body: bytes | None = None, headers: dict | None = None) -> dict:
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def multipart(field: str, path: Path) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="{field}"; filename="{path.name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode(), boundary


def main() -> None:
    base, sample = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    email = f"schemathesis-{uuid.uuid4().hex[:12]}@example.com"
    password = f"St-{uuid.uuid4().hex}"
    call(
        "POST",
        f"{base}/auth/register",
        body=json.dumps({"email": email, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )

    def login() -> str:
        form = urllib.parse.urlencode({"username": email, "password": password}).encode()
        answer = call(
            "POST",
            f"{base}/auth/jwt/login",
            body=form,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        return answer["access_token"]

    token, logout_token = login(), login()
    auth = {"Authorization": f"Bearer {token}"}
    conversation_id = str(uuid.uuid4())
    body, boundary = multipart("file", sample)
    uploaded = call(
        "POST",
        f"{base}/upload/{conversation_id}",
        body=body,
        headers={**auth, "Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    rowid = uploaded["file_path_db_rowid"]
    row = call("GET", f"{base}/db/{conversation_id}/{rowid}", headers=auth)
    file_token = urllib.parse.urlsplit(row["url"]).path.rstrip("/").rsplit("/", 1)[1]
    for name, value in (
        ("ST_TOKEN", token),
        ("ST_LOGOUT_TOKEN", logout_token),
        ("ST_CONVERSATION_ID", conversation_id),
        ("ST_ROWID", str(rowid)),
        ("ST_FILE_TOKEN", file_token),
    ):
        print(f"{name}={shlex.quote(value)}")


if __name__ == "__main__":
    main()
