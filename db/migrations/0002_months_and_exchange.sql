-- 0002: month close and the monthly package.
-- A post's months move open → ready (the clerk) → approved (the commander's PIN); records
-- dated in an approved month are read-only until the commander unlocks it with a reason.
-- `version` counts approvals: an export carries it as its sequence, so an export after an
-- unlock and a new approval is a correction.

ALTER TABLE post ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE post ADD COLUMN public_key TEXT NOT NULL DEFAULT '';

CREATE TABLE period (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'ready', 'approved')),
    ready_at TEXT,
    ready_by TEXT NOT NULL DEFAULT '',
    approved_at TEXT,
    approved_by TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 0,
    exported_sequence INTEGER NOT NULL DEFAULT 0,
    exported_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (post_code, month)
) STRICT;

-- At the provincial office: each package received from a post for a month.
CREATE TABLE delivery (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    counts TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (post_code, month, sequence)
) STRICT;
CREATE INDEX activity_post ON activity (post_code, n);
CREATE INDEX movement_post ON movement (post_code, n);
