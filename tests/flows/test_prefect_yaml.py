"""prefect.yaml: every deployment loads its flow, on the process pool, with parameters the
flow accepts (a typo here only shows when a steward runs `prefect deploy`)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CONFIG = yaml.safe_load((ROOT / "prefect.yaml").read_text())


def test_every_pipeline_flow_has_a_deployment():
    assert {d["name"] for d in CONFIG["deployments"]} == {"deid", "synth", "gate", "corpus"}


@pytest.mark.parametrize("deployment", CONFIG["deployments"], ids=lambda d: d["name"])
def test_deployment_entrypoint_loads_and_its_parameters_exist(deployment):
    from prefect.flows import load_flow_from_entrypoint

    # A module path, not a script path: Prefect puts a script's folder first on sys.path, and
    # flows/deid.py would then shadow the deid package it imports.
    module, _ = deployment["entrypoint"].split(":")
    assert "/" not in module and not module.endswith(".py")
    loaded = load_flow_from_entrypoint(deployment["entrypoint"])
    assert loaded.name == deployment["name"]
    accepted = set(inspect.signature(loaded.fn).parameters)
    assert set(deployment.get("parameters") or {}) <= accepted
    assert deployment["work_pool"]["name"] == "chartforge-process"
