import pytest

from ingest.context import ReadContext


@pytest.fixture
def ctx(config):
    settings = config["ingest"]
    return ReadContext(mapping=dict(settings["mapping"]), chunk_rows=2)
