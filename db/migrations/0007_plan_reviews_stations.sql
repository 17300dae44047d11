-- 0007: the plan's other contents. The yearly plan's targets (set at the provincial office for
-- each post, copied to the post by the province's answer); reviews and commendations (the
-- plans' fifth content); public loudspeaker stations and the dated history of their states
-- (the plans' infrastructure), which a loudspeaker broadcast may name.

-- A target of the year's plan: for one post, one indicator (fixed names, see core/plan.py)
-- and one plan content ('' = all contents). The id is derived from those four, so that a
-- target set again, or removed and set again, stays the same record at the post too.
CREATE TABLE plan_target (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,  -- the provincial office that set it
    to_post TEXT NOT NULL,
    year INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    indicator TEXT NOT NULL,
    content TEXT NOT NULL DEFAULT '',
    target INTEGER NOT NULL CHECK (target > 0),
    notes TEXT NOT NULL DEFAULT '',
    sent_at TEXT,  -- at the province: when an answer carried its last change (NULL: not yet)
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX plan_target_key ON plan_target (to_post, year, indicator, content);
CREATE INDEX plan_target_year ON plan_target (year, to_post);

-- Reviews: sơ kết (a mid-term or yearly review) and tổng kết (the final review of a period).
CREATE TABLE review (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    date TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('interim', 'final')),
    level TEXT NOT NULL CHECK (level IN ('post', 'district', 'province')),
    title TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    participants INTEGER NOT NULL DEFAULT 0 CHECK (participants >= 0),
    chaired_by TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX review_date ON review (post_code, date);

-- Commendations (khen thưởng) to a collective or an individual (a person of the book when
-- there is one), by decision of an authority, often after a review.
CREATE TABLE commendation (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('collective', 'individual')),
    recipient TEXT NOT NULL,
    person_id TEXT REFERENCES person (id),
    form TEXT NOT NULL,
    authority TEXT NOT NULL,
    decision_number TEXT NOT NULL,
    decision_date TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    review_id TEXT REFERENCES review (id),
    notes TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX commendation_date ON commendation (post_code, decision_date);
CREATE INDEX commendation_review ON commendation (review_id);

-- Public loudspeaker stations (trạm truyền thanh công cộng, cụm loa) and their states.
CREATE TABLE station (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    name TEXT NOT NULL,
    commune TEXT NOT NULL DEFAULT '',
    village TEXT NOT NULL DEFAULT '',
    installed_on TEXT NOT NULL,
    funded_by TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX station_post ON station (post_code, sort_key);

-- What happened to a station on a day: working (installed or checked), broken, repaired,
-- removed. Its state on a day is the latest of these up to that day.
CREATE TABLE station_state (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    station_id TEXT NOT NULL REFERENCES station (id),
    date TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('working', 'broken', 'repaired', 'removed')),
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX station_state_station ON station_state (station_id, date);

-- A loudspeaker broadcast may name the station it went out through.
ALTER TABLE activity ADD COLUMN station_id TEXT REFERENCES station (id);
