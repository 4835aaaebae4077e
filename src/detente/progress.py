"""Progress of a batch run: a rich progress bar on a terminal, plain log lines elsewhere.

The total is shown (with an ETA) only when it can be known cheaply: one article per text
file, one per non-empty line of a JSON lines file, one per row of a CSV file. Counting reads
those files once more (fast: counting bytes, no JSON parsing); ``.json`` files, stdin and
very large inputs leave the total unknown and the bar counts up without an ETA.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from detente.batch import Summary
from detente.ingest.readers import JSONL_SUFFIXES, TEXT_SUFFIXES

#: Do not read more than this to count articles (bytes); beyond it the total is unknown.
COUNT_LIMIT = 512 * 1024 * 1024
#: Seconds between two plain progress lines when not on a terminal.
LOG_INTERVAL = 2.0


def estimate_total(paths: Iterable[str | Path], fmt: str | None = None) -> int | None:
    """How many articles the inputs hold, if that is cheap to know; else ``None``."""
    total = 0
    budget = COUNT_LIMIT
    for raw in paths:
        if str(raw) == "-":
            return None
        path = Path(raw)
        if path.is_dir():
            files = [p for p in sorted(path.rglob("*")) if p.is_file()
                     and not any(part.startswith(".") for part in p.relative_to(path).parts)]
        elif path.is_file():
            files = [path]
        else:
            continue
        for file in files:
            count, size = _count_file(file, fmt)
            budget -= size
            if count is None or budget < 0:
                return None
            total += count
    return total


def _count_file(path: Path, fmt: str | None) -> tuple[int | None, int]:
    suffix = path.suffix.lower()
    kind = fmt or ("txt" if suffix in TEXT_SUFFIXES else "jsonl" if suffix in JSONL_SUFFIXES
                   else suffix[1:] if suffix in (".csv", ".tsv", ".json") else None)
    try:
        size = path.stat().st_size
    except OSError:
        return 0, 0
    if kind is None:
        return 0, 0  # skipped by the reader, not an article
    if kind == "txt":
        return 1, 0
    if kind == "json" or size > COUNT_LIMIT:
        return None, size
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip())
    return (lines if kind == "jsonl" else max(0, lines - 1)), size


class ProgressView:
    """Shows a run's progress; use as a context manager and pass :meth:`update` as the
    ``on_progress`` callback of :func:`detente.batch.ingest`."""

    def __init__(self, console: Console, total: int | None = None, *, enabled: bool = True,
                 interval: float = LOG_INTERVAL):
        self.console = console
        self.total = total
        self.enabled = enabled
        self.interval = interval
        self.live = enabled and console.is_terminal
        self._last = 0.0
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressView:
        if self.live:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("[bold]ingest"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles · {task.fields[rate]:.1f}/s · {task.fields[events]} events"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
            self._task = self._progress.add_task("ingest", total=self.total, rate=0.0, events=0)
        return self

    def update(self, summary: Summary) -> None:
        if not self.enabled:
            return
        rate = summary.analysed / summary.seconds if summary.seconds else 0.0
        if self._progress is not None and self._task is not None:
            total = max(self.total, summary.done) if self.total is not None else None
            self._progress.update(self._task, completed=summary.done, total=total,
                                  rate=rate, events=summary.events)
            return
        now = time.monotonic()
        if self._last and now - self._last < self.interval:
            return
        self._last = now
        of = f"/{self.total}" if self.total is not None else ""
        self.console.print(
            f"… {summary.done}{of} articles ({summary.analysed} analysed, {summary.stored} stored, "
            f"{summary.already_stored} already stored), {summary.events} events, {rate:.1f} articles/s",
            markup=False, highlight=False, soft_wrap=True,
        )

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()
