"""The DuckDB schema of the event store.

Documents, their sentences and entity mentions; event *mentions* (one coded event as one
sentence of one story reports it) kept apart from *events* (the real-world event, which
the merge stage builds from one or many mentions); commitments; ingest runs. Per-day and
per-source document counts are a view over ``documents``, so they can never disagree
with what is stored. ``docs/architecture.md`` draws it.
"""

from __future__ import annotations

SCHEMA_VERSION = "4"
"""The schema this eventmill writes. Version 1 is eventmill 0.1.0's; ``store/migrations.py``
brings an older store up to this one when it is opened for writing."""

_ACTOR_COLUMNS = """
    {p}_text VARCHAR, {p}_name VARCHAR, {p}_country VARCHAR, {p}_sector VARCHAR,
    {p}_code VARCHAR, {p}_kb_id VARCHAR, {p}_kb_source VARCHAR,
    {p}_start INTEGER, {p}_end INTEGER"""

# Schema 3: the arguments read from context (issue 15): an actor not named but implied, who the
# text says reports the event, a claim by one party, the place an event is placed relative to.
# Kept last in the table, where schema 3's migration adds them to an older store.
CONTEXT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("actor_implicit", "BOOLEAN DEFAULT false"),
    ("recipient_implicit", "BOOLEAN DEFAULT false"),
    *((f"reported_by_{f}", t) for f, t in (
        ("text", "VARCHAR"), ("name", "VARCHAR"), ("country", "VARCHAR"), ("sector", "VARCHAR"),
        ("code", "VARCHAR"), ("kb_id", "VARCHAR"), ("kb_source", "VARCHAR"), ("start", "INTEGER"),
        ("end", "INTEGER"), ("implicit", "BOOLEAN DEFAULT false"))),
    ("claimed", "BOOLEAN DEFAULT false"),
    ("loc_near", "VARCHAR"),
)
_CONTEXT_DDL = ", ".join(f"{c} {t}" for c, t in CONTEXT_COLUMNS)

# Schema 4: whether the mention is its sentence's main event or background to it
# (events/salience.py). Last in the table, where schema 4's migration adds it.
SALIENCE_COLUMN = ("salience", "VARCHAR DEFAULT 'main'")

# Schema 2: `eventmill recode` re-codes stored documents with the current coder; these
# tables let it resume and report how the counts changed (see store/recode.py).
RECODE_TABLES = """
CREATE TABLE IF NOT EXISTS recodes (
    recode_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    coder_version VARCHAR,            -- the coder it brings the documents to
    n_documents INTEGER,              -- documents coded by another coder when it started
    n_done INTEGER
);

-- Events per type and country before the recode began (and after it finished): the change report.
CREATE TABLE IF NOT EXISTS recode_counts (
    recode_id VARCHAR NOT NULL,
    stage VARCHAR NOT NULL,           -- before | after
    event VARCHAR,
    country VARCHAR,
    events BIGINT NOT NULL
);
"""

DDL = f"""
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    coder_version VARCHAR,
    inputs VARCHAR,
    n_read INTEGER,
    n_coded INTEGER,
    n_skipped INTEGER,
    n_errors INTEGER
);

-- One row per story ever ingested, whatever happened to it (status), so that counts of
-- documents per day and source are honest denominators.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,
    title VARCHAR,
    url VARCHAR,
    source VARCHAR,
    pub_date DATE,
    language VARCHAR,
    origin VARCHAR,
    status VARCHAR NOT NULL,          -- coded | not_english | duplicate
    duplicate_of VARCHAR,
    n_sentences INTEGER,
    n_events INTEGER,
    text VARCHAR,
    coder_version VARCHAR,
    run_id VARCHAR,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS sentences (
    doc_id VARCHAR NOT NULL,
    sentence INTEGER NOT NULL,
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    PRIMARY KEY (doc_id, sentence)
);

-- Actor, place and time mentions found in the text (the entity layer beside the events).
CREATE TABLE IF NOT EXISTS entity_mentions (
    doc_id VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,            -- actor | place | time
    start_char INTEGER NOT NULL,
    end_char INTEGER NOT NULL,
    text VARCHAR,
    name VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    code VARCHAR,
    kb_id VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    admin1 VARCHAR,
    geonameid BIGINT,
    feature VARCHAR,
    timex_type VARCHAR,
    timex_value VARCHAR,
    PRIMARY KEY (doc_id, kind, start_char, end_char)
);

-- One coded event as reported by one sentence of one story (the output contract).
CREATE TABLE IF NOT EXISTS event_mentions (
    mention_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,        -- the merged real-world event (events.event_id)
    doc_id VARCHAR NOT NULL,
    sentence INTEGER,
    event VARCHAR NOT NULL,
    mode VARCHAR,
    context VARCHAR[],
    cameo VARCHAR,
    quad_code TINYINT,
    goldstein DOUBLE,
    aux VARCHAR[],
    intended VARCHAR,
    joint BOOLEAN,
    date DATE,
    date_precision VARCHAR,
    deadline DATE,
    {_ACTOR_COLUMNS.format(p="actor")},
    {_ACTOR_COLUMNS.format(p="recipient")},
    loc_text VARCHAR, loc_name VARCHAR, loc_lat DOUBLE, loc_lon DOUBLE, loc_country VARCHAR,
    loc_admin1 VARCHAR, loc_geonameid BIGINT, loc_feature VARCHAR, loc_precision VARCHAR,
    loc_start INTEGER, loc_end INTEGER,
    size_dead INTEGER, size_injured INTEGER, size_arrested INTEGER,
    event_text VARCHAR,
    start_char INTEGER,
    end_char INTEGER,
    trigger_start INTEGER,
    trigger_end INTEGER,
    confidence DOUBLE,
    coder VARCHAR,
    {_CONTEXT_DDL},
    {" ".join(SALIENCE_COLUMN)}
);

-- The real-world events: each points at a representative mention and counts its reports.
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,
    mention_id VARCHAR NOT NULL,      -- representative mention (its coding is the event's)
    first_seen DATE,                  -- earliest publication date among its mentions
    num_mentions INTEGER NOT NULL,    -- sentences reporting it
    num_articles INTEGER NOT NULL,    -- distinct stories
    num_sources INTEGER NOT NULL      -- distinct publishers
);

-- Promises and announced actions (events with `intended`), tracked to fulfilment.
CREATE TABLE IF NOT EXISTS commitments (
    commitment_id VARCHAR PRIMARY KEY,
    event_id VARCHAR NOT NULL,
    mention_id VARCHAR NOT NULL,
    actor_code VARCHAR,
    recipient_code VARCHAR,
    event VARCHAR,                    -- the coded type (AGREE, CONCEDE, ...)
    intended VARCHAR NOT NULL,        -- the promised action's PLOVER type
    made_on DATE,
    deadline DATE,
    status VARCHAR NOT NULL,          -- open | fulfilled | overdue | broken | superseded
    resolved_by VARCHAR,
    resolved_on DATE
);

{RECODE_TABLES}

CREATE OR REPLACE VIEW doc_counts AS
SELECT pub_date AS day,
       coalesce(source, '') AS source,
       count(*) AS n_documents,
       count(*) FILTER (WHERE status = 'coded') AS n_coded,
       count(*) FILTER (WHERE status = 'duplicate') AS n_duplicates,
       count(*) FILTER (WHERE status = 'not_english') AS n_not_english,
       coalesce(sum(n_events), 0) AS n_event_mentions
FROM documents
GROUP BY ALL;

-- Events with their representative coding, story metadata and report counts: what
-- `eventmill query`, exports and the Python API read.
CREATE OR REPLACE VIEW event_table AS
SELECT e.event_id, e.first_seen, e.num_mentions, e.num_articles, e.num_sources,
       m.* EXCLUDE (event_id),
       d.url, d.source, d.pub_date, d.title
FROM events e
JOIN event_mentions m ON m.mention_id = e.mention_id
JOIN documents d ON d.doc_id = m.doc_id;
"""
