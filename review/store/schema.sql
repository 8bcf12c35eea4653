-- chartforge review store (SQLite). Idempotent: run on every open.
CREATE TABLE IF NOT EXISTS users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,            -- argon2id, never the password
    role          TEXT NOT NULL CHECK (role IN ('reviewer', 'steward')),
    created_at    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,            -- sha256 of the cookie value
    username   TEXT NOT NULL REFERENCES users (username),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS rounds (
    round_id   TEXT PRIMARY KEY,
    batch_id   TEXT NOT NULL,
    batch_dir  TEXT NOT NULL,
    population INTEGER NOT NULL,
    required   INTEGER NOT NULL,
    settings   TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS items (
    item_id          TEXT PRIMARY KEY,      -- random and opaque: the only id in URLs
    round_id         TEXT NOT NULL REFERENCES rounds (round_id),
    note_id          TEXT NOT NULL,
    stratum          TEXT NOT NULL,
    reason           TEXT NOT NULL CHECK (reason IN ('random', 'flag')),
    phase            TEXT NOT NULL CHECK (phase IN ('pilot', 'main', 'flag')),
    position         INTEGER NOT NULL,
    required_reviews INTEGER NOT NULL CHECK (required_reviews >= 1)
);
CREATE INDEX IF NOT EXISTS items_round ON items (round_id, phase, position);
CREATE TABLE IF NOT EXISTS leases (
    item_id   TEXT NOT NULL REFERENCES items (item_id),
    username  TEXT NOT NULL,
    leased_at TEXT NOT NULL,
    PRIMARY KEY (item_id, username)
);
CREATE TABLE IF NOT EXISTS decisions (
    decision_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id      TEXT NOT NULL REFERENCES items (item_id),
    username     TEXT NOT NULL,
    verdict      TEXT NOT NULL CHECK (verdict IN ('clean', 'phi')),
    findings     TEXT NOT NULL,             -- JSON [{start, end, label}], offsets only
    decided_at   TEXT NOT NULL,
    retracted_at TEXT                       -- set by undo; the audit log keeps both events
);
-- One active decision per reviewer and item: a double submit cannot count twice.
CREATE UNIQUE INDEX IF NOT EXISTS decisions_active ON decisions (item_id, username) WHERE retracted_at IS NULL;
CREATE TABLE IF NOT EXISTS audit_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    actor    TEXT NOT NULL,
    action   TEXT NOT NULL,
    round_id TEXT,
    item_id  TEXT,
    note_id  TEXT,
    detail   TEXT NOT NULL DEFAULT ''       -- offsets, labels, counts: never note text
);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
