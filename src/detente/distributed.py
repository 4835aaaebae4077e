"""Analysing on a Dask cluster: the NLP stages run as Dask tasks, the store is written here.

``detente ingest PATH --dask tcp://scheduler:8786`` (or ``--dask local`` for a
``LocalCluster`` of two worker processes on this machine) sends partitions of
:data:`detente.batch.TASK` articles to the cluster. Each worker process builds the pipeline
once (the first task it runs loads the model), analyses its partitions and sends back the
frozen records; the client keeps at most ``2 × workers`` partitions in flight, writes the
results to the store in input order, and so ends with the same store as a local run.
Only the client touches the store, so the workers need no access to it.

See ``docs/scale.md`` for running a scheduler and workers on several machines.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from detente.errors import DetenteError
from detente.pipeline import PipelineSpec
from detente.records import AnalyzedArticle, Article
from detente.workers import Failure, analyse_task, in_order, worker_pipeline

#: Workers of ``--dask local``: the machine's two cores, one thread each (spaCy is not
#: helped by threads, and processes keep one model each).
LOCAL_WORKERS = 2


def analyse_partition(spec: PipelineSpec, articles: list[Article]) -> list[AnalyzedArticle] | Failure:
    """A Dask task: analyse one partition with this worker's pipeline (built once)."""
    pipeline = worker_pipeline(spec)
    return pipeline if isinstance(pipeline, Failure) else analyse_task(pipeline, articles)


def _client(address: str) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise DetenteError(
            "Dask is not installed", hint="pip install 'detente[dask]'"
        ) from exc
    if address == "local":
        cluster = LocalCluster(
            n_workers=LOCAL_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None
        )
        return Client(cluster), cluster
    try:
        return Client(address, timeout="20s"), None
    except OSError as exc:
        raise DetenteError(
            f"cannot reach the Dask scheduler at {address}: {exc}",
            hint="start one with: dask scheduler, then dask worker ADDRESS",
        ) from exc


class DaskRunner:
    """Runs tasks on a Dask cluster (``"local"`` starts a ``LocalCluster``)."""

    def __init__(self, address: str, spec: PipelineSpec):
        self.client, self.cluster = _client(address)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        # one copy of the spec on every worker instead of one per task (it may hold a model)
        self.spec = self.client.scatter(spec, broadcast=True)

    def map(self, tasks: Iterable[list[Article]]) -> Iterator[list[AnalyzedArticle]]:
        def submit(task: list[Article]) -> Any:
            return self.client.submit(analyse_partition, self.spec, task, pure=False)

        yield from in_order(submit, tasks, window=2 * self.workers)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
