"""A throw-away PostgreSQL server for tests and benchmarks: ``initdb`` + ``pg_ctl`` in a
temporary directory, listening on 127.0.0.1 only, with durability off (it is thrown away).

As root, the server runs as the ``postgres`` user (PostgreSQL refuses to run as root), or as
``nobody`` where there is no such user. The binaries are found on ``PATH`` or under
``/usr/lib/postgresql/*/bin`` (Debian's ``postgresql`` package; ``make test`` installs it).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path


def pg_bin(name: str) -> str | None:
    """Path of a PostgreSQL server program, or None when PostgreSQL is not installed."""
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True):
        if os.access(os.path.join(folder, name), os.X_OK):
            return os.path.join(folder, name)
    return shutil.which(name)


def _version(folder: str) -> int:
    digits = "".join(c for c in Path(folder).parent.name if c.isdigit())
    return int(digits or 0)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    folder: Path
    port: int
    user: str = "detente"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def fresh_schema_url(self) -> str:
        """A URL whose tables live in a new, empty schema (cheap per-test isolation)."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f"CREATE SCHEMA {name}")  # type: ignore[arg-type]
        return f"{self.url}?options=-csearch_path%3D{name}"


def _run_as() -> dict[str, int]:
    if os.geteuid() != 0:
        return {}
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            entry = pwd.getpwnam(name)
            return {"user": entry.pw_uid, "group": entry.pw_gid}
    raise RuntimeError("running as root and there is no 'postgres' or 'nobody' user to run PostgreSQL")


def start() -> Server:
    """Start a server; raises RuntimeError saying why when it cannot."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql)")
    who = _run_as()
    folder = Path(tempfile.mkdtemp(prefix="detente-pg-"))
    if who:
        os.chown(folder, who["user"], who["group"])
    port = _free_port()
    data = folder / "data"
    env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
    try:
        subprocess.run([initdb, "-D", str(data), "-A", "trust", "-U", "detente", "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True, cwd=folder, env=env, **who)  # type: ignore[call-overload]
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=40")
        subprocess.run([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "server.log"), "-w",
                        "-t", "60", "start"], check=True, capture_output=True, cwd=folder, env=env, **who)  # type: ignore[call-overload]
    except (subprocess.CalledProcessError, OSError) as exc:
        log = folder / "server.log"
        detail = getattr(exc, "stderr", b"") or b""
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc}: {detail.decode(errors='replace')} {tail}") from exc
    return Server(folder, port)


def stop(server: Server) -> None:
    pg_ctl = pg_bin("pg_ctl")
    if pg_ctl:
        subprocess.run([pg_ctl, "-D", str(server.folder / "data"), "-m", "immediate", "stop"],
                       capture_output=True, cwd=server.folder, **_run_as())  # type: ignore[call-overload]
    shutil.rmtree(server.folder, ignore_errors=True)
