"""Where tasks are analysed: in this process, in a pool of worker processes, or (see
:mod:`detente.distributed`) on a Dask cluster.

A task is a list of articles; a runner turns tasks into their results lazily and in task
order, keeping a bounded number in flight (:func:`in_order`). Worker processes build the
pipeline once from a :class:`~detente.pipeline.PipelineSpec` and keep it for every task.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from detente.errors import DetenteError
from detente.pipeline import Pipeline, PipelineSpec
from detente.records import AnalyzedArticle, Article


class Runner(Protocol):
    """Turns tasks (lists of articles) into their results, lazily and in task order."""

    workers: int

    def map(self, tasks: Iterable[list[Article]]) -> Iterator[list[AnalyzedArticle]]: ...

    def close(self) -> None: ...


class LocalRunner:
    """Analyse in this process; the pipeline is built on first use."""

    workers = 1

    def __init__(self, pipeline: Pipeline | PipelineSpec):
        self._pipeline = pipeline if isinstance(pipeline, Pipeline) else None
        self._spec = pipeline.spec if isinstance(pipeline, Pipeline) else pipeline

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = self._spec.build()
        return self._pipeline

    def map(self, tasks: Iterable[list[Article]]) -> Iterator[list[AnalyzedArticle]]:
        for task in tasks:
            yield list(self.pipeline.analyze_many(task)) if task else []

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class Failure:
    """A DetenteError raised in a worker, carried back by value (their ``__init__`` takes
    keyword arguments, which pickling of exceptions does not keep)."""

    kind: str
    message: str
    hint: str | None
    where: str | None

    @classmethod
    def of(cls, error: DetenteError) -> Failure:
        return cls(type(error).__name__, error.message, error.hint, error.where)

    def raise_(self) -> None:
        from detente import errors

        klass = getattr(errors, self.kind, DetenteError)
        raise klass(self.message, hint=self.hint, where=self.where)


def analyse_task(pipeline: Pipeline, task: list[Article]) -> list[AnalyzedArticle] | Failure:
    """One task in a worker: its results, or the error that stopped the worker's pipeline."""
    try:
        return list(pipeline.analyze_many(task))
    except DetenteError as exc:
        return Failure.of(exc)


_worker_pipelines: dict[str, Pipeline | Failure] = {}


def worker_pipeline(spec: PipelineSpec) -> Pipeline | Failure:
    """The pipeline of ``spec`` in this process, built once (per worker, not per task)."""
    if spec.key not in _worker_pipelines:
        try:
            _worker_pipelines[spec.key] = spec.build()
        except DetenteError as exc:
            _worker_pipelines[spec.key] = Failure.of(exc)
    return _worker_pipelines[spec.key]


def _pool_task(spec: PipelineSpec, task: list[Article]) -> list[AnalyzedArticle] | Failure:
    pipeline = worker_pipeline(spec)
    return pipeline if isinstance(pipeline, Failure) else analyse_task(pipeline, task)


def in_order(
    submit: Callable[[list[Article]], Any], tasks: Iterable[list[Article]], window: int
) -> Iterator[list[AnalyzedArticle]]:
    """Submit tasks, keeping at most ``window`` in flight; yield results in task order.

    ``submit`` returns a future (anything with ``.result()``); empty tasks are not submitted.
    """
    pending: deque[Any] = deque()

    def take() -> list[AnalyzedArticle]:
        future = pending.popleft()
        if future is None:
            return []
        result = future.result()
        if isinstance(result, Failure):
            result.raise_()
        return list(result)

    for task in tasks:
        pending.append(submit(task) if task else None)
        while len(pending) > window:
            yield take()
    while pending:
        yield take()


#: Thread pools of numeric libraries in each worker: one thread, as the workers already
#: use every core (more threads per process only fight over them).
_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


def _pool_init(spec: PipelineSpec) -> None:
    worker_pipeline(spec)  # load the model while the parent reads the first tasks


class ProcessRunner:
    """Analyse tasks in ``workers`` processes (spawned, so safe beside threads and DuckDB)."""

    def __init__(self, spec: PipelineSpec, workers: int):
        self.workers = workers
        self.spec = spec
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_pool_init,
            initargs=(spec,),
        )
        # children are spawned on the first submits and copy the environment then
        self._saved = {name: os.environ.get(name) for name in _ONE_THREAD}
        for name in _ONE_THREAD:
            os.environ.setdefault(name, "1")

    def map(self, tasks: Iterable[list[Article]]) -> Iterator[list[AnalyzedArticle]]:
        def submit(task: list[Article]) -> Future[list[AnalyzedArticle] | Failure]:
            return self.pool.submit(_pool_task, self.spec, task)

        yield from in_order(submit, tasks, window=2 * self.workers)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        for name, value in self._saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
