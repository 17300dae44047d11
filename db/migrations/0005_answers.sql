-- 0005: the way back, from the provincial office to its posts.
-- The province answers each post with a signed package holding what is new for it: receipts
-- of the post's monthly packages, months returned for correction, and publications sent to
-- the post. The post keeps a copy of each (same ids, `post_code` = the province's code), and
-- its next monthly package carries back its receipts of the publications.
-- A post's province is a row of `post` with kind 'province' (is_self = 0) and its key.

-- At the province: which answer carried a package's receipt to its post (NULL: not yet).
ALTER TABLE delivery ADD COLUMN answer INTEGER;

-- Publications the province sends to a post (made at the province, copied at the post).
CREATE TABLE shipment (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    to_post TEXT NOT NULL,
    title TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    year INTEGER,
    copies INTEGER NOT NULL CHECK (copies > 0),
    sent_on TEXT NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    answer INTEGER,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX shipment_to ON shipment (to_post, sent_on);

-- A post's receipt of a publication (id = the shipment's): made at the post when the copies
-- are counted into a cabinet; `sent_at` is set once a monthly package carried it. At the
-- province the same row arrives in that package, without the post's cabinet and movement.
CREATE TABLE shipment_receipt (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    received_on TEXT NOT NULL,
    copies INTEGER NOT NULL CHECK (copies >= 0),
    notes TEXT NOT NULL DEFAULT '',
    cabinet_id TEXT,
    movement_id TEXT,
    sent_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

-- Months the province returns to a post for correction, with the reason.
CREATE TABLE month_return (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    to_post TEXT NOT NULL,
    month TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    reason TEXT NOT NULL,
    returned_at TEXT NOT NULL,
    answer INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX month_return_to ON month_return (to_post, month);

-- At a post: what the province said of each package it received (a copy of the province's
-- `delivery` row, or of a refusal), from the answers.
CREATE TABLE package_receipt (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('imported', 'replaced', 'refused')),
    reason TEXT NOT NULL DEFAULT '',
    file_name TEXT NOT NULL DEFAULT '',
    received_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX package_receipt_month ON package_receipt (month, sequence);

-- Answers: made at the province (to_post = the post), received at the post (post_code = the
-- province). A post refuses an answer older than one it already has.
CREATE TABLE answer (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    to_post TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    made_at TEXT NOT NULL,
    file_name TEXT NOT NULL,
    counts TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (post_code, to_post, sequence)
) STRICT;
