"""flows.task_runners: the config picks the runner; 'dask' really runs mapped tasks on Dask."""

from __future__ import annotations

import os

import pytest
from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

from chartforge.errors import ChartforgeError
from flows.task_runners import configured_task_runner


def test_threads_is_a_thread_pool_of_the_configured_size():
    runner = configured_task_runner({"task_runner": "threads", "workers": 3})
    assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 3


def test_an_unknown_runner_is_a_config_error_naming_the_section():
    with pytest.raises(ChartforgeError) as error:
        configured_task_runner({"task_runner": "ray", "workers": 1}, section="deid.flow")
    assert error.value.code == "E005" and "[deid.flow]" in str(error.value) and "'ray'" in str(error.value)


def test_dask_with_an_address_targets_that_scheduler():
    from prefect_dask import DaskTaskRunner

    runner = configured_task_runner({"task_runner": "dask", "workers": 2, "dask_address": "tcp://127.0.0.1:8786"})
    assert isinstance(runner, DaskTaskRunner) and runner.address == "tcp://127.0.0.1:8786"


def test_dask_without_an_address_starts_a_loopback_cluster_of_worker_processes():
    runner = configured_task_runner({"task_runner": "dask", "workers": 2, "dask_address": ""})
    assert runner.address is None
    assert runner.cluster_kwargs["n_workers"] == 2 and runner.cluster_kwargs["processes"] is True
    assert runner.cluster_kwargs["host"] == "127.0.0.1"


@task
def _square_on_worker(value: int) -> tuple[int, str]:
    from distributed import get_worker

    return value * value, get_worker().address  # raises ValueError outside a Dask worker


@pytest.mark.slow
def test_dask_runs_mapped_tasks_on_the_scheduler_at_dask_address():
    # An in-process cluster (threads) keeps the test to seconds: worker processes would each
    # start a temporary Prefect server, as they would without a real one in production.
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        runner = configured_task_runner({"task_runner": "dask", "workers": 1,
                                         "dask_address": cluster.scheduler_address})

        @flow(task_runner=runner, persist_result=False)
        def squares(values: list[int]):
            return [future.result() for future in _square_on_worker.map(values)]

        results = squares([1, 2, 3, 4])
        worker_addresses = set(cluster.scheduler_info["workers"])
    assert [square for square, _ in results] == [1, 4, 9, 16]
    assert {address for _, address in results} <= worker_addresses  # every task ran on that cluster


def test_importing_the_deid_flow_reads_no_configuration_its_run_does(monkeypatch):
    """The runner is chosen when a run starts, from the configuration set then (issue 17)."""
    import chartforge.config as config_module
    from chartforge.config import load_config, set_config
    from flows.deid import deid_flow
    from flows.task_runners import RunnerFromConfig

    assert isinstance(deid_flow.task_runner, RunnerFromConfig)
    previous = config_module._active
    try:
        set_config(load_config(environ={"CHARTFORGE__DEID__FLOW__WORKERS": "5"}))
        runner = deid_flow.task_runner.duplicate()
        assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 5
        set_config(load_config(environ={"CHARTFORGE__DEID__FLOW__TASK_RUNNER": "ray"}))
        with pytest.raises(ChartforgeError) as error:
            deid_flow.task_runner.duplicate()
        assert error.value.code == "E005" and "[deid.flow]" in str(error.value)
    finally:
        config_module._active = previous


def test_a_settings_dataclass_and_its_dict_pick_the_same_runner():
    from chartforge.settings.sections import DeidFlowSettings

    runner = configured_task_runner(DeidFlowSettings(workers=4))
    assert isinstance(runner, ThreadPoolTaskRunner) and runner._max_workers == 4
