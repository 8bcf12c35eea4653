"""The LLM backend against a fake OpenAI-compatible server on 127.0.0.1 (never a real network)."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from chartforge.errors import ChartforgeError
from synth.generate.llm import LLMBackend, build_prompt

PLAN = {"note_type": "progress", "age": 70, "sex": "female", "codes": ["I50.32", "I48.0"], "cpt": [],
        "traps": [{"code": "J18.9", "kind": "negated"}, {"code": "C50.919", "kind": "family"}],
        "past": {"code": "Z86.73", "condition": "I63.9"}, "procedure": None}


class FakeServer(BaseHTTPRequestHandler):
    requests: list = []
    status = 200

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeServer.requests.append((self.path, body, self.headers.get("Authorization")))
        payload = {"choices": [{"message": {"role": "assistant", "content": "Assessment:\nChronic diastolic heart failure."}}]}
        data = json.dumps(payload).encode() if FakeServer.status == 200 else b"{}"
        self.send_response(FakeServer.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = HTTPServer(("127.0.0.1", 0), FakeServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    FakeServer.requests, FakeServer.status = [], 200
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_prompt_is_a_meta_description_of_the_codes():
    prompt = build_prompt(PLAN)
    assert "Chronic diastolic (congestive) heart failure" in prompt and "Paroxysmal atrial fibrillation" in prompt
    assert "does NOT have: Pneumonia, unspecified organism" in prompt and "relative" in prompt


def test_generation_through_a_local_endpoint(server, monkeypatch):
    monkeypatch.setenv("TEST_LLM_TOKEN", "secret-token")
    backend = LLMBackend(server, "local-model", api_key_env="TEST_LLM_TOKEN")
    note = backend.generate(PLAN, seed=3)
    backend.close()
    path, body, auth = FakeServer.requests[0]
    assert path == "/v1/chat/completions" and body["model"] == "local-model" and body["seed"] == 3
    assert body["messages"][1]["content"] == note["prompt"] and auth == "Bearer secret-token"
    assert note["text"].startswith("Assessment:") and note["intended_icd10cm"] == ["I50.32", "I48.0"]
    assert note["backend"] == "llm:local-model" and note["template_id"] is None


def test_endpoint_errors_become_e502_without_content(server):
    FakeServer.status = 500
    backend = LLMBackend(server, "m")
    with pytest.raises(ChartforgeError) as err:
        backend.generate(PLAN, seed=1)
    assert err.value.code == "E502" and "heart failure" not in str(err.value)
    with pytest.raises(ChartforgeError):
        LLMBackend("", "m")


def test_a_run_can_generate_through_the_endpoint(server, tmp_path, full_index, synth_config):
    from synth import pipeline
    from synth.settings import SynthSettings

    settings = SynthSettings.from_config(synth_config, notes=3, retrieval=False, runs_dir=str(tmp_path), augment_fraction=0.0,
                                         llm={"enabled": True, "base_url": server, "model": "m"})
    backend = LLMBackend(server, "m")
    out, manifest = pipeline.run(settings, llm=backend)
    backend.close()
    generated = pipeline.read_generated(out)
    assert len(FakeServer.requests) == 3 and all(g["backend"] == "llm:m" and g["prompt"] for g in generated)
    assert manifest["counts"]["generated"] == 3
    labelled = pipeline.read_labelled(out)
    assert all(r["icd10cm"][0]["code"] == "I50.32" for r in labelled)  # the fake note names one condition
