"""The LLM rewriting pass against a fake OpenAI-compatible server on 127.0.0.1: the prompt, the
rewritten note relabelled, and a rewrite that loses a diagnosis never published."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from synth import pipeline
from synth.generate.llm import LLMBackend
from synth.generate.rewrite import INSTRUCTIONS, Rewriter, rewrite_prompt
from synth.settings import SynthSettings

NOTE = {"text": "Assessment:\nEssential hypertension.\nDenies chest pain.\n", "intended_icd10cm": ["I10"],
        "traps": [{"code": "R07.9", "kind": "negated"}, {"code": "C50.919", "kind": "family"}], "backend": "template"}


def _note_of(prompt: str) -> str:
    return prompt.split("\nNOTE:\n", 1)[1]


class Rewrites(BaseHTTPRequestHandler):
    """Answers with the prompt's note rewritten by ``Rewrites.edit``."""
    edit = staticmethod(lambda text: text)
    prompts: list = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = body["messages"][1]["content"]
        Rewrites.prompts.append(prompt)
        content = Rewrites.edit(_note_of(prompt))
        data = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def endpoint():
    httpd = HTTPServer(("127.0.0.1", 0), Rewrites)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Rewrites.prompts = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_the_prompt_names_what_the_rewrite_must_keep_and_carries_the_template_note():
    prompt = rewrite_prompt(NOTE, {"procedure": None})
    assert prompt.startswith(INSTRUCTIONS)
    assert "KEEP:\n- Essential (primary) hypertension" in prompt
    assert "DENIED:\n- Chest pain, unspecified" in prompt and "FAMILY:\n- Malignant neoplasm of unspecified site" in prompt
    assert _note_of(prompt) == NOTE["text"].rstrip("\n")


def test_a_rewritten_note_keeps_its_intended_codes_and_its_template(endpoint):
    Rewrites.edit = staticmethod(lambda text: text.replace("Essential hypertension", "HTN, on lisinopril"))
    rewriter = Rewriter(LLMBackend(endpoint, "local-model"))
    out = rewriter.rewrite(NOTE, {"procedure": None}, seed=5)
    assert out["text"] == "Assessment:\nHTN, on lisinopril.\nDenies chest pain.\n"
    assert out["template_text"] == NOTE["text"] and out["intended_icd10cm"] == ["I10"]
    assert out["backend"] == "template+rewrite:local-model" and out["rewrite_prompt"] == Rewrites.prompts[0]


@pytest.fixture()
def settings(tmp_path, full_index, synth_config):
    return SynthSettings.from_config(synth_config, notes=6, chunk_notes=6, group_size=3, retrieval=False, runs_dir=str(tmp_path),
                                     llm={"rewrite": True, "model": "local-model"})


def test_rewritten_notes_are_labelled_again_and_published_with_their_intended_codes(endpoint, settings):
    Rewrites.edit = staticmethod(lambda text: text.replace("hypertension", "HTN"))
    out, manifest = pipeline.run(settings, rewriter=Rewriter(LLMBackend(endpoint, "local-model")))
    generated = pipeline.read_generated(out)
    assert len(Rewrites.prompts) == 6 and all(g["template_text"] != "" and "rewrite_prompt" in g for g in generated)
    labelled = {r["note_id"]: r for r in pipeline.read_labelled(out)}
    for g in generated:
        row = labelled[g["note_id"]]
        assert row["lines"] == [line for line in g["text"].split("\n") if line.strip()]
        if not row["discard"]:
            assert {c["code"] for c in row["icd10cm"]} == set(g["intended_icd10cm"])
    assert manifest["counts"]["labelled"] >= 1


def test_a_rewrite_that_drops_the_assessment_is_discarded_not_published_with_a_wrong_label(endpoint, settings):
    Rewrites.edit = staticmethod(lambda text: "Seen today. Doing well.\n")
    out, manifest = pipeline.run(settings, rewriter=Rewriter(LLMBackend(endpoint, "local-model")))
    assert manifest["counts"]["labelled"] == 0 and manifest["counts"]["published"] == 0
    reasons = {d["reason"] for d in pipeline.read_jsonl(out / "discards.jsonl")}
    assert reasons <= {pipeline.MISMATCH, "no codable diagnosis found"} and reasons


def test_synth_run_rewrite_goes_through_the_configured_endpoint(endpoint, tmp_path, monkeypatch, full_index):
    from click.testing import CliRunner

    from chartforge.cli import cli

    monkeypatch.setenv("CHARTFORGE__SYNTH__LLM__BASE_URL", endpoint)
    monkeypatch.setenv("CHARTFORGE__SYNTH__LLM__MODEL", "local-model")
    Rewrites.edit = staticmethod(lambda text: text)
    result = CliRunner().invoke(cli, ["synth", "run", "--notes", "2", "--no-retrieval", "--rewrite", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert len(Rewrites.prompts) == 2
    run_dir = result.output.strip().splitlines()[-1]
    assert all(g["backend"] == "template+rewrite:local-model" for g in pipeline.read_generated(pipeline.load_run(run_dir)))
    refused = CliRunner().invoke(cli, ["synth", "run", "--notes", "2", "--rewrite", "--prefect", "--out", str(tmp_path)])
    assert refused.exit_code == 2 and "--rewrite is not supported" in refused.output
