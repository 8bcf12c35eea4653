"""Optional LLM rewriting pass: a template note rewritten in a clinician's voice through the
OpenAI-compatible backend (llm.py), then labelled again like any note.

Off by default (`[synth.llm] rewrite = false`; `synth run --rewrite`). The prompt carries the
synthetic template note and what must survive the rewrite (each diagnosis with its
specificity, what is denied, what is family history), never a real note. The rewritten note
keeps the plan's intended codes; the pipeline labels it, and a note whose labels then differ
from them is discarded (pipeline.mismatch), so a rewrite that drops, adds or misstates a
diagnosis never reaches the corpus with a wrong label. The template text stays in the
generated artifact (`template_text`) beside the rewrite.
"""

from __future__ import annotations

from synth import icd
from synth.generate.llm import LLMBackend

INSTRUCTIONS = (
    "Rewrite the clinical note below the way a busy clinician would write it in an EHR: usual "
    "clinical abbreviations (HTN, DM2, CKD, s/p, r/o), problem-list shorthand, terse fragments "
    "where clinicians use them and full sentences in the history and hospital course. Keep every "
    "section and every line's meaning. Keep every diagnosis listed under KEEP with its specificity "
    "(side, acuity, type, stage, organism, episode of care), stated as present. Keep every condition "
    "under DENIED stated as absent, and every condition under FAMILY as a relative's, never the "
    "patient's. Add no other diagnosis, no names, dates, places or identifiers. Return only the note."
)


def rewrite_prompt(note: dict, plan: dict) -> str:
    """The instruction, the facts the rewrite must keep, and the template note."""
    lines = [INSTRUCTIONS, "", "KEEP:"]
    lines += [f"- {icd.description(code)}" for code in note["intended_icd10cm"]]
    for kind, label in (("negated", "DENIED"), ("family", "FAMILY")):
        traps = [t for t in note["traps"] if t["kind"] == kind]
        if traps:
            lines.append(f"{label}:")
            lines += [f"- {icd.description(t['code'])}" for t in traps]
    if plan.get("procedure"):
        lines.append(f"PROCEDURE (keep its name): {plan['procedure']['description']}")
    lines += ["", "NOTE:", note["text"].rstrip("\n")]
    return "\n".join(lines)


class Rewriter:
    """Rewrites template notes through an LLMBackend (one chat completion per note)."""

    def __init__(self, backend: LLMBackend):
        self.backend = backend

    def rewrite(self, note: dict, plan: dict, seed: int) -> dict:
        prompt = rewrite_prompt(note, plan)
        text = self.backend.complete(prompt, seed)
        return {**note, "text": text, "template_text": note["text"], "rewrite_prompt": prompt,
                "backend": f"{note.get('backend', 'template')}+rewrite:{self.backend.model}"}
