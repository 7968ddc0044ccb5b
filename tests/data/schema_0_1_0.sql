-- The event store schema of eventmill 0.1.0 (schema_version 1), frozen from src/eventmill/store/schema.py
-- at commit 879d8c6 so that tests can build a store exactly as that release wrote it. (MIT, eventmill authors)
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
    
    actor_text VARCHAR, actor_name VARCHAR, actor_country VARCHAR, actor_sector VARCHAR,
    actor_code VARCHAR, actor_kb_id VARCHAR, actor_kb_source VARCHAR,
    actor_start INTEGER, actor_end INTEGER,
    
    recipient_text VARCHAR, recipient_name VARCHAR, recipient_country VARCHAR, recipient_sector VARCHAR,
    recipient_code VARCHAR, recipient_kb_id VARCHAR, recipient_kb_source VARCHAR,
    recipient_start INTEGER, recipient_end INTEGER,
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
    coder VARCHAR
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

INSERT INTO meta VALUES ('schema_version', '1');
