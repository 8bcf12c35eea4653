"""The task runner a flow's chunk tasks run on, chosen in config (``task_runner``).

``threads`` keeps every chunk in the flow's process: right for one machine, where spaCy
and the models load once. ``dask`` hands the chunks to a Dask cluster through prefect-dask,
which is how a batch scales past one machine: point ``dask_address`` at a scheduler whose
workers run the same chartforge install and see the same batch paths (tasks pass paths,
never note text).
"""

from __future__ import annotations

from chartforge.errors import ChartforgeError

RUNNERS = ("threads", "dask")


def configured_task_runner(settings: dict, section: str = "deid.flow"):
    """A Prefect task runner for ``settings`` (a flow's config section)."""
    kind = settings.get("task_runner", "threads")
    workers = int(settings.get("workers", 1))
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner(max_workers=workers)
    if kind == "dask":
        try:
            from prefect_dask import DaskTaskRunner
        except ImportError:
            raise ChartforgeError.make("E005", section=section, value=kind,
                                       reason=" (prefect-dask is not installed)") from None
        if settings.get("dask_address"):
            return DaskTaskRunner(address=settings["dask_address"])
        # A temporary local cluster on loopback: one single-threaded process per worker (spaCy
        # is not thread-parallel). Its workers report task states to PREFECT_API_URL: without
        # a real Prefect server each starts its own temporary one (slow), hence the address.
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1,
                                              "processes": True, "host": "127.0.0.1",
                                              "dashboard_address": None})
    raise ChartforgeError.make("E005", section=section, value=kind, reason="")
