"""The task runner a flow's chunk tasks run on, chosen in config (``task_runner``).

``threads`` keeps every chunk in the flow's process: right for one machine, where spaCy
and the models load once. ``dask`` hands the chunks to a Dask cluster through prefect-dask,
which is how a batch scales past one machine: point ``dask_address`` at a scheduler whose
workers run the same chartforge install and see the same batch paths (tasks pass paths,
never note text).
"""

from __future__ import annotations

import dataclasses

from prefect.task_runners import TaskRunner

from chartforge.errors import ChartforgeError

RUNNERS = ("threads", "dask")


def configured_task_runner(settings, section: str = "deid.flow"):
    """A Prefect task runner for ``settings`` (a flow's settings section, dataclass or dict)."""
    settings = _section(settings)
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


def _section(settings):
    """A flow section as a dict: the settings tree's dataclass or a plain dict (tests)."""
    if dataclasses.is_dataclass(settings):
        return dataclasses.asdict(settings)
    return dict(settings)


class RunnerFromConfig(TaskRunner):
    """The task runner a ``@flow`` decorator names: the configured one, chosen when a run starts.

    Prefect enters ``flow.task_runner.duplicate()`` at the start of every run, so reading the
    configuration there (not in the decorator) means importing a flow module reads no
    configuration, and a run started after ``chartforge --config FILE`` (or a deployment
    worker with its own environment) gets that run's runner.
    """

    def __init__(self, section_of, section: str = "deid.flow"):
        super().__init__()
        self._section_of = section_of  # Config -> the flow's settings section
        self._section = section

    def duplicate(self):
        from chartforge.config import get_config  # an entry point's read, at run start

        return configured_task_runner(self._section_of(get_config().settings), self._section)

    def submit(self, task, parameters, wait_for=None, dependencies=None):
        raise RuntimeError("RunnerFromConfig only names a runner: Prefect runs the duplicate()")
