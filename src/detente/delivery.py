"""Deliver alerts to the user's own programs: a command run per alert, or a webhook POST.

Both take the alert as JSON (:meth:`detente.relations.Alert.to_json`). A failed delivery is
returned as a one-line message and never raised, so a watch keeps going when a receiver is
down.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterable

from detente.relations import Alert

USER_AGENT = "detente-watch/0.1 (+https://github.com/detente)"


def run_command(command: str, alert: Alert, *, timeout: float = 60.0) -> str | None:
    """Run ``command`` (through the shell) with the alert as JSON on its standard input.

    The environment also names the alert: ``DETENTE_ALERT_DYAD``, ``DETENTE_ALERT_KIND``,
    ``DETENTE_ALERT_START``. Returns None on success, else what went wrong, in one line.
    """
    env = {**os.environ, "DETENTE_ALERT_DYAD": alert.dyad, "DETENTE_ALERT_KIND": alert.kind,
           "DETENTE_ALERT_START": alert.start}
    try:
        # through the shell, as the user typed it: the command line is theirs, like a cron entry
        done = subprocess.run(command, shell=True, input=alert.to_json().encode("utf-8"), env=env,
                              capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"--on-alert command timed out after {timeout:g} s: {command}"
    except OSError as exc:
        return f"--on-alert command cannot run ({exc.strerror or exc}): {command}"
    if done.returncode:
        said = " ".join(done.stderr.decode("utf-8", "replace").split())[:200]
        return f"--on-alert command exited with {done.returncode}: {command}" + (f" ({said})" if said else "")
    return None


def post_webhook(url: str, alert: Alert, *, timeout: float = 10.0, retries: int = 2,
                 backoff: float = 1.0) -> str | None:
    """POST the alert as JSON to ``url``; network errors, 429 and 5xx answers are retried.

    Returns None on success (any 2xx), else what went wrong, in one line.
    """
    body = alert.to_json().encode("utf-8")
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT}
    wait, problem = backoff, ""
    for attempt in range(retries + 1):
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                reply.read(65536)
                return None
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code != 429:
                break
        except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as exc:
            problem = " ".join(str(getattr(exc, "reason", None) or exc).split())
            if isinstance(exc, ValueError):
                break
        if attempt < retries:
            time.sleep(min(wait, 30.0))
            wait *= 2
    return f"webhook {url} failed: {problem}"


def deliver(found: Iterable[Alert], commands: Iterable[str] = (), webhooks: Iterable[str] = (),
            *, timeout: float = 10.0) -> list[str]:
    """Send every alert to every command and webhook; returns the failures (never raises)."""
    failures = []
    commands, webhooks = list(commands), list(webhooks)
    for alert in found:
        for command in commands:
            failures.append(run_command(command, alert, timeout=max(timeout, 60.0)))
        for url in webhooks:
            failures.append(post_webhook(url, alert, timeout=timeout))
    return [f for f in failures if f]
