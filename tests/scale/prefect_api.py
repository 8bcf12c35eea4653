"""The few Prefect REST calls the scale-out test makes (plain HTTP: the test process keeps
its own throwaway Prefect settings, the services use the PostgreSQL-backed server)."""

from __future__ import annotations

import time

import httpx

TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


class PrefectApi:
    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.http = httpx.Client(base_url=self.url, timeout=30)

    def _post(self, path: str, body: dict | None = None):
        response = self.http.post(path, json=body or {})
        response.raise_for_status()
        return response.json()

    def deployment_id(self, flow: str, deployment: str) -> str:
        response = self.http.get(f"/deployments/name/{flow}/{deployment}")
        response.raise_for_status()
        return response.json()["id"]

    def create_run(self, flow: str, deployment: str, parameters: dict, job_variables: dict | None = None) -> str:
        body = {"parameters": parameters, "job_variables": job_variables or {}}
        return self._post(f"/deployments/{self.deployment_id(flow, deployment)}/create_flow_run", body)["id"]

    def flow_run(self, run_id: str) -> dict:
        response = self.http.get(f"/flow_runs/{run_id}")
        response.raise_for_status()
        return response.json()

    def wait(self, run_id: str, timeout: float, on_poll=None) -> dict:
        """Poll until the run is terminal; ``on_poll(run)`` is called on every poll."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = self.flow_run(run_id)
            if on_poll:
                on_poll(run)
            if run["state_type"] in TERMINAL:
                return run
            time.sleep(1)
        raise TimeoutError(f"flow run {run_id} not finished after {timeout:.0f}s")

    def task_runs(self, run_id: str) -> list[dict]:
        body = {"flow_runs": {"id": {"any_": [run_id]}}, "limit": 200}
        runs, offset = [], 0
        while True:
            page = self._post("/task_runs/filter", {**body, "offset": offset})
            runs += page
            if len(page) < 200:
                return runs
            offset += 200

    def logs(self, run_id: str | None = None) -> list[dict]:
        body: dict = {"limit": 200, "sort": "TIMESTAMP_ASC"}
        if run_id:
            body["logs"] = {"flow_run_id": {"any_": [run_id]}}
        logs, offset = [], 0
        while True:
            page = self._post("/logs/filter", {**body, "offset": offset})
            logs += page
            if len(page) < 200:
                return logs
            offset += 200

    def artifacts(self) -> list[dict]:
        return self._post("/artifacts/filter", {"limit": 200})
