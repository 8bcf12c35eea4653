"""Optional LLM backend: an OpenAI-compatible chat-completions endpoint inside the firewall
(a local Ollama or vLLM). Off by default ([synth.llm] enabled = false); the prompt is a
meta-description built from the planned codes, never from any real note.
"""

from __future__ import annotations

import os

import httpx

from chartforge.errors import ChartforgeError
from synth import icd

SYSTEM = ("You write realistic, de-identified clinical notes for training medical coding models. "
          "Never include names, dates, addresses or identifiers.")


def build_prompt(plan: dict) -> str:
    """The meta-description: note type, patient frame, codes to document, conditions to negate."""
    lines = [f"Write a {plan['note_type'].replace('_', ' ')} for a {plan['age']}-year-old {plan['sex']} patient.",
             "Use section headers, one finding per line. Document these diagnoses explicitly, "
             "with the specificity of the description (laterality, acuity, type):"]
    for code in plan["codes"]:
        lines.append(f"- {icd.description(code)}")
    negated = [t for t in plan["traps"] if t["kind"] == "negated"]
    family = [t for t in plan["traps"] if t["kind"] == "family"]
    if negated:
        lines.append("State that the patient does NOT have: " + "; ".join(icd.description(t["code"]) for t in negated) + ".")
    if family:
        lines.append("Family history (a relative, not the patient): " + "; ".join(icd.description(t["code"]) for t in family) + ".")
    if plan.get("past"):
        lines.append(f"Past condition, resolved: {icd.description(plan['past']['condition'])}.")
    if plan.get("procedure"):
        lines.append(f"Procedure performed: {plan['procedure']['description']}.")
    lines.append("Include vital signs, pertinent labs and medications consistent with these conditions.")
    return "\n".join(lines)


class LLMBackend:
    def __init__(self, base_url: str, model: str, timeout: float = 60.0, temperature: float = 0.7,
                 api_key_env: str = "", transport: httpx.BaseTransport | None = None):
        if not base_url or not model:
            raise ChartforgeError.make("E502", reason="[synth.llm] base_url and model must be set")
        headers = {}
        if api_key_env and os.environ.get(api_key_env):
            headers["Authorization"] = f"Bearer {os.environ[api_key_env]}"
        self.model = model
        self.temperature = temperature
        self.client = httpx.Client(base_url=base_url.rstrip("/"), timeout=timeout, headers=headers, transport=transport)

    @classmethod
    def from_config(cls, section: dict) -> "LLMBackend":
        return cls(section.get("base_url", ""), section.get("model", ""), float(section.get("timeout", 60)),
                   float(section.get("temperature", 0.7)), section.get("api_key_env", ""))

    def complete(self, prompt: str, seed: int) -> str:
        payload = {"model": self.model, "temperature": self.temperature, "seed": seed,
                   "messages": [{"role": "system", "content": SYSTEM}, {"role": "user", "content": prompt}]}
        try:
            response = self.client.post("/chat/completions", json=payload)
            response.raise_for_status()
            text = response.json()["choices"][0]["message"]["content"]
        except (httpx.HTTPError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise ChartforgeError.make("E502", reason=f"LLM endpoint call failed ({type(exc).__name__})") from None
        if not isinstance(text, str) or not text.strip():
            raise ChartforgeError.make("E502", reason="LLM endpoint returned an empty note")
        return text.strip() + "\n"

    def generate(self, plan: dict, seed: int) -> dict:
        prompt = build_prompt(plan)
        text = self.complete(prompt, seed)
        return {"text": text, "template_id": None, "prompt": prompt, "sections": [],
                "intended_icd10cm": plan["codes"], "intended_cpt": plan["cpt"], "traps": plan["traps"],
                "backend": f"llm:{self.model}"}

    def close(self) -> None:
        self.client.close()
