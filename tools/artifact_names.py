"""File names that look like artifacts but are not exchanged between stages (tools/house_rules.py).

Everything a stage writes for another stage (or an entry point) to read is spelled in
chartforge/contracts/files.py. What is listed here is read and written by one package only,
or is somebody else's file name: each with why.
"""

NOT_ARTIFACTS: frozenset[str] = frozenset({
    "tokenizer.json",           # a Hugging Face tokenizer file inside the static encoder's model dir
    "version.json",             # deid/learned: the learned NER model directory's own version record
    "strings.json",             # deid/learned: spaCy vocab file inside that model directory
    "note_styles.json",         # synth/data: a packaged data file of synth.note_styles
    "mtsamples.jsonl",          # devsets: the name of an evaluation data file in ../shared
    "synth_dataset_v2.jsonl",   # devsets: the pii_synth evaluation file in ../shared
    # bench/: scratch files a benchmark writes for itself in its temporary directory
    "pred.jsonl",               # bench.corpus: the predictions it hands `corpus eval`
    "gold_subset.jsonl",        # bench.deid: the first --notes gold notes
    "notes.jsonl",              # bench.deid_flow: the plain-text input of the Presidio child
    "presidio.jsonl",           # bench.deid_flow: the Presidio child's spans and stats
    "presidio.stats.json",
})
