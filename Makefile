# chartforge: the README's two commands are `make demo` and `make test`.
# Both create .venv on first use: torch 2.13.0 (local CPU wheel) FIRST, then the project.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-install

.PHONY: install demo test test-scale postgres browser bench bench-scale bench-ingest bench-deid bench-demodata bench-codebooks bench-synth bench-corpus clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

install: $(STAMP)

## The main job on bundled demo data; prints where the results are.
demo: install
	$(BIN)/chartforge demo --out demo-output

## Debian's Chromium for the reviewers' UI browser tests (Playwright drives /usr/bin/chromium).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

## Debian's PostgreSQL server for the scale-out test (tests/scale starts its own cluster in a temp dir).
postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || command -v postgres >/dev/null 2>&1 \
		|| (apt-get update -qq && apt-get install -y -qq postgresql >/dev/null)

## The whole test suite, the scale-out test included. pytest's exit code 5 (no tests collected)
## fails like any other.
test: install browser postgres
	$(BIN)/python -m pytest -q

## The scale-out test alone (~4 min): on 127.0.0.1, PostgreSQL, a Prefect server on it, a Dask
## scheduler + 2 workers, a process work pool + worker; deid, gate and corpus deployment runs.
test-scale: install postgres
	$(BIN)/python -m pytest -q -m scale tests/scale

## Every benchmark, one after another (each prints its figures; ~30-40 min on 2 cores).
bench: bench-ingest bench-demodata bench-deid bench-scale bench-codebooks bench-synth bench-corpus

## Streaming at scale: the deid flow on growing generated exports (notes/s, time per stage, peak RSS
## per process, disk), extrapolated to 100k and 1M notes; memory flat from the smallest to the largest.
bench-scale: install
	$(BIN)/python -m bench.scale --sizes 2000,10000 --extrapolate 100000,1000000

## Ingestion throughput and peak RSS on a generated 100k-note export.
bench-ingest: install
	$(BIN)/python -m bench.ingest --notes 100000

## De-identification: the whole deid flow (notes/s, peak RSS) on 2,000 notes; detector speed and
## recall beside plain Presidio; then every evaluation set (demo gold, pii_synth, MTSamples dev,
## nursing dev, CodiEsp) in one table (deid eval --suite; test splits: add --sets ...-test).
bench-deid: install
	$(BIN)/python -m bench.deid_flow --notes 2000
	$(BIN)/python -m bench.deid --notes 2000 --pii-synth
	$(BIN)/chartforge deid eval --suite

## Demo export generation (notes/s, MB/s, peak RSS) at ingest-benchmark size: ~100k notes.
bench-demodata: install
	$(BIN)/python -m bench.demodata --patients 15000 --formats jsonl,csv,parquet

## Synthetic branch: notes/s generated and labelled (with FAISS retrieval), peak RSS.
bench-synth: install
	$(BIN)/python -m bench.synth --notes 1000

## Corpus build (notes/s, peak RSS, MinHash near-duplicate removal) and eval on 20k notes.
bench-corpus: install
	$(BIN)/python -m bench.corpus --notes 20000

## Code retrieval: index build/size, warm load, 1,000-line batch top-10 (CodiEsp dev lines).
bench-codebooks: install
	$(BIN)/python -m bench.codebooks --lines 1000

clean:
	rm -rf $(VENV) demo-output .chartforge .pytest_cache
