-- 0001: the first shape of a post's book.
-- Every record: a UUID `id`, the `post_code` of the post that made it, UTC ISO timestamps
-- and `deleted_at` (records are never hard-deleted by the user). Dates of events are ISO
-- YYYY-MM-DD. `search_text` holds the folded words of the searchable fields (app/core/text.py).
-- The two large registers (activity, movement) carry an explicit integer key `n` that orders
-- them by date: n = day number * 1,000,000 + the record's place within its day (set by the
-- core). Lists newest-first, a month's range and full-text search (FTS5, whose rowid is `n`)
-- all walk that key and stop as soon as a page is full.

CREATE TABLE post (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('post', 'province')),
    is_self INTEGER NOT NULL DEFAULT 0 CHECK (is_self IN (0, 1)),
    parent_unit TEXT NOT NULL DEFAULT '',
    province TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    commander TEXT NOT NULL DEFAULT '',
    clerk TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE UNIQUE INDEX post_self ON post (is_self) WHERE is_self = 1;

-- The user-extensible lists: activity kinds, topics, plan contents, languages.
CREATE TABLE lookup (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL DEFAULT '',
    list TEXT NOT NULL CHECK (list IN ('activity_kind', 'topic', 'plan_content', 'language')),
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    name_en TEXT NOT NULL DEFAULT '',
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT '2026-01-01T00:00:00.000Z',
    updated_at TEXT NOT NULL DEFAULT '2026-01-01T00:00:00.000Z',
    deleted_at TEXT
) STRICT;
CREATE INDEX lookup_list ON lookup (list, sort_order);

-- Outreach log.
CREATE TABLE activity (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    post_code TEXT NOT NULL,
    date TEXT NOT NULL,
    kind_id TEXT NOT NULL REFERENCES lookup (id),
    title TEXT NOT NULL,
    commune TEXT NOT NULL DEFAULT '',
    village TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    audience_total INTEGER NOT NULL DEFAULT 0 CHECK (audience_total >= 0),
    audience_women INTEGER NOT NULL DEFAULT 0
        CHECK (audience_women BETWEEN 0 AND audience_total),
    audience_ethnic INTEGER NOT NULL DEFAULT 0
        CHECK (audience_ethnic BETWEEN 0 AND audience_total),
    audience_foreign INTEGER NOT NULL DEFAULT 0
        CHECK (audience_foreign BETWEEN 0 AND audience_total),
    staff TEXT NOT NULL DEFAULT '',
    partners TEXT NOT NULL DEFAULT '',
    materials TEXT NOT NULL DEFAULT '',
    plan_content_id TEXT REFERENCES lookup (id),
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX activity_kind ON activity (kind_id);

CREATE TABLE activity_topic (
    activity_id TEXT NOT NULL REFERENCES activity (id),
    topic_id TEXT NOT NULL REFERENCES lookup (id),
    PRIMARY KEY (activity_id, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX activity_topic_topic ON activity_topic (topic_id);

CREATE TABLE activity_language (
    activity_id TEXT NOT NULL REFERENCES activity (id),
    language_id TEXT NOT NULL REFERENCES lookup (id),
    PRIMARY KEY (activity_id, language_id)
) STRICT, WITHOUT ROWID;

-- Book cabinets.
CREATE TABLE cabinet (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    name TEXT NOT NULL,
    location_kind TEXT NOT NULL DEFAULT 'post' CHECK (location_kind IN
        ('post', 'commune', 'school', 'community_house', 'border_gate', 'other')),
    place TEXT NOT NULL DEFAULT '',
    keeper TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE title (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'book' CHECK (kind IN
        ('book', 'legal', 'newspaper', 'magazine', 'leaflet', 'other')),
    author TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '',
    year INTEGER,
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE loan (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    cabinet_id TEXT NOT NULL REFERENCES cabinet (id),
    title_id TEXT NOT NULL REFERENCES title (id),
    borrower TEXT NOT NULL,
    borrower_unit TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    lent_on TEXT NOT NULL,
    due_on TEXT NOT NULL CHECK (due_on >= lent_on),
    returned_on TEXT CHECK (returned_on IS NULL OR returned_on >= lent_on),
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX loan_open ON loan (due_on) WHERE returned_on IS NULL;

CREATE TABLE stocktake (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    cabinet_id TEXT NOT NULL REFERENCES cabinet (id),
    date TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'confirmed')),
    notes TEXT NOT NULL DEFAULT '',
    confirmed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;

CREATE TABLE stocktake_line (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    stocktake_id TEXT NOT NULL REFERENCES stocktake (id),
    title_id TEXT NOT NULL REFERENCES title (id),
    expected INTEGER NOT NULL,
    counted INTEGER CHECK (counted IS NULL OR counted >= 0),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (stocktake_id, title_id)
) STRICT;

-- Every movement of copies; stock is the sum of `quantity` (never stored twice).
CREATE TABLE movement (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    post_code TEXT NOT NULL,
    date TEXT NOT NULL,
    cabinet_id TEXT NOT NULL REFERENCES cabinet (id),
    title_id TEXT NOT NULL REFERENCES title (id),
    kind TEXT NOT NULL CHECK (kind IN ('received', 'handed_out', 'transfer_out', 'transfer_in',
        'lent', 'returned', 'lost', 'damaged', 'written_off', 'stocktake')),
    quantity INTEGER NOT NULL CHECK (
        (kind IN ('received', 'transfer_in', 'returned') AND quantity > 0)
        OR (kind IN ('handed_out', 'transfer_out', 'lent', 'lost', 'damaged', 'written_off')
            AND quantity < 0)
        OR (kind = 'stocktake' AND quantity <> 0)),
    transfer_id TEXT,
    loan_id TEXT REFERENCES loan (id),
    stocktake_id TEXT REFERENCES stocktake (id),
    counterparty TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX movement_stock ON movement (cabinet_id, title_id, date, quantity)
    WHERE deleted_at IS NULL;
CREATE INDEX movement_title ON movement (title_id, quantity) WHERE deleted_at IS NULL;
CREATE INDEX movement_transfer ON movement (transfer_id) WHERE transfer_id IS NOT NULL;
CREATE INDEX movement_loan ON movement (loan_id) WHERE loan_id IS NOT NULL;

-- Training attendance.
CREATE TABLE course (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    title TEXT NOT NULL,
    organiser TEXT NOT NULL DEFAULT '',
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL CHECK (end_date >= start_date),
    place TEXT NOT NULL DEFAULT '',
    plan_content_id TEXT REFERENCES lookup (id),
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX course_dates ON course (start_date, end_date);

CREATE TABLE session (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES course (id),
    date TEXT NOT NULL,
    start_time TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    topic TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX session_course ON session (course_id, date);
CREATE INDEX session_date ON session (date);

CREATE TABLE person (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birth_year INTEGER,
    gender TEXT NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female')),
    ethnicity TEXT NOT NULL DEFAULT '',
    unit TEXT NOT NULL DEFAULT '',
    position TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    sort_key TEXT NOT NULL,
    search_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
) STRICT;
CREATE INDEX person_sort ON person (sort_key);

CREATE TABLE enrolment (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES course (id),
    person_id TEXT NOT NULL REFERENCES person (id),
    walk_in INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (course_id, person_id)
) STRICT;
CREATE INDEX enrolment_person ON enrolment (person_id);

CREATE TABLE attendance (
    id TEXT PRIMARY KEY NOT NULL,
    post_code TEXT NOT NULL,
    session_id TEXT NOT NULL REFERENCES session (id),
    person_id TEXT NOT NULL REFERENCES person (id),
    status TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (session_id, person_id)
) STRICT;
CREATE INDEX attendance_person ON attendance (person_id);

-- The change log: who changed what, when, with the record before and after (JSON).
CREATE TABLE change (
    n INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'restore')),
    before TEXT,
    after TEXT
) STRICT;
CREATE INDEX change_record ON change (table_name, record_id);

-- Full-text search over the large registers, kept in step by triggers.
CREATE VIRTUAL TABLE activity_fts USING fts5 (
    search_text, content = 'activity', content_rowid = 'n', tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER activity_fts_insert AFTER INSERT ON activity BEGIN
    INSERT INTO activity_fts (rowid, search_text) VALUES (new.n, new.search_text);
END;
CREATE TRIGGER activity_fts_delete AFTER DELETE ON activity BEGIN
    INSERT INTO activity_fts (activity_fts, rowid, search_text) VALUES ('delete', old.n, old.search_text);
END;
CREATE TRIGGER activity_fts_update AFTER UPDATE OF search_text, n ON activity BEGIN
    INSERT INTO activity_fts (activity_fts, rowid, search_text) VALUES ('delete', old.n, old.search_text);
    INSERT INTO activity_fts (rowid, search_text) VALUES (new.n, new.search_text);
END;

CREATE VIRTUAL TABLE movement_fts USING fts5 (
    search_text, content = 'movement', content_rowid = 'n', tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3'
);
CREATE TRIGGER movement_fts_insert AFTER INSERT ON movement BEGIN
    INSERT INTO movement_fts (rowid, search_text) VALUES (new.n, new.search_text);
END;
CREATE TRIGGER movement_fts_delete AFTER DELETE ON movement BEGIN
    INSERT INTO movement_fts (movement_fts, rowid, search_text) VALUES ('delete', old.n, old.search_text);
END;
CREATE TRIGGER movement_fts_update AFTER UPDATE OF search_text, n ON movement BEGIN
    INSERT INTO movement_fts (movement_fts, rowid, search_text) VALUES ('delete', old.n, old.search_text);
    INSERT INTO movement_fts (rowid, search_text) VALUES (new.n, new.search_text);
END;

-- The lists as the 2018-2020 and 2021-2030 plans word them; ids are the same in every book.
INSERT INTO lookup (id, list, code, name, name_en, sort_order) VALUES
  ('104dc146-6aa3-5d52-bcbb-46eaea8b1f84', 'plan_content', 'ND1', 'Thông tin, truyền thông và thông tin đối ngoại trên các phương tiện thông tin đại chúng và truyền thông mới (internet, mạng xã hội)', 'Information on mass media and new media (internet, social networks)', 10),
  ('d88f8ac7-521f-5b34-b45e-218f2d77f660', 'plan_content', 'ND2', 'Nâng cao năng lực công tác thông tin tuyên truyền, thông tin đối ngoại khu vực biên giới, biển, đảo', 'Capacity building for information and external-information work', 20),
  ('2eea02f3-471f-5511-a81c-6d96c3f8772b', 'plan_content', 'ND3', 'Xuất bản, cấp phát các ấn phẩm thông tin, truyền thông, thông tin đối ngoại; xây dựng tủ sách', 'Publishing and distributing publications; book cabinets', 30),
  ('05c82d42-7149-5202-bc50-81a5a347c916', 'plan_content', 'ND4', 'Tập huấn, bồi dưỡng nghiệp vụ thông tin, truyền thông, thông tin đối ngoại cho cán bộ cơ sở và cán bộ đồn biên phòng', 'Training for grassroots staff and border-post officers', 40),
  ('a99e95b0-7d4f-509a-b420-be831f172db2', 'plan_content', 'ND5', 'Sơ kết, tổng kết, khen thưởng tập thể, cá nhân có thành tích', 'Periodic review and commendation', 50),
  ('916505d2-dfa5-5360-86d8-8d7ff95ca43d', 'plan_content', 'HT', 'Đầu tư cơ sở hạ tầng, trang thiết bị thông tin, tuyên truyền (trạm truyền thanh công cộng)', 'Infrastructure and equipment (public loudspeaker stations)', 60),
  ('a1ece60b-f1c5-5c39-a2ba-8b2dc618febc', 'plan_content', 'CK', 'Thông tin đối ngoại tại khu vực cửa khẩu', 'External information at border gates', 70),
  ('7e344098-c670-5031-95c9-893807f1c3eb', 'activity_kind', 'HN', 'Hội nghị tuyên truyền', 'Meeting', 10),
  ('7fe85542-99cf-5dea-af58-0067975e651e', 'activity_kind', 'TTM', 'Tuyên truyền miệng tại hộ gia đình', 'Oral outreach at households', 20),
  ('5e35d834-445f-5713-ab1d-615b44149c5f', 'activity_kind', 'PT', 'Phát thanh trên loa truyền thanh', 'Loudspeaker broadcast', 30),
  ('a01ccda1-bc3a-5833-9ff1-df6e488d7b91', 'activity_kind', 'BV', 'Bài viết, tin bài', 'Article', 40),
  ('3291d954-949c-5f7a-ae11-d8d3b66abdc5', 'activity_kind', 'MXH', 'Đăng tin trên mạng xã hội', 'Social-media post', 50),
  ('07e750f1-f209-5e60-a37e-7ae2b0154a06', 'activity_kind', 'CK', 'Thông tin đối ngoại tại cửa khẩu', 'External information at a border gate', 60),
  ('06806446-c3e6-5b33-b5ed-3c84f77c577a', 'activity_kind', 'GL', 'Giao lưu văn hóa, văn nghệ', 'Cultural exchange', 70),
  ('ae2ad002-5832-53c4-ad28-c8f55a7a4391', 'activity_kind', 'SKH', 'Sân khấu hóa, thi tìm hiểu', 'Staged performance or quiz', 80),
  ('a9d3da29-1a42-520d-a4a5-9863573e68b3', 'activity_kind', 'CP', 'Cấp phát ấn phẩm, tài liệu', 'Publication hand-out', 90),
  ('20b2b7b6-1afe-57a5-bd0e-d05a00395295', 'activity_kind', 'TL', 'Triển lãm, chiếu phim lưu động', 'Exhibition or mobile film show', 100),
  ('b14fe785-dd96-5187-a28c-4c6eb272fba1', 'topic', 'CQ', 'Chủ quyền lãnh thổ, biên giới quốc gia', 'Border sovereignty', 10),
  ('ae1aa5b2-7cb3-5728-991b-b34f81c6dbb3', 'topic', 'PL', 'Pháp luật về biên giới quốc gia, Luật Biên phòng Việt Nam', 'Border law', 20),
  ('736b8d8b-421c-5d57-b6ec-ba341bd68847', 'topic', 'DL', 'Chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước', 'Party and State policy and law', 30),
  ('1185436c-ef9c-5db6-a056-a47429c98604', 'topic', 'BL', 'Phòng, chống buôn lậu, gian lận thương mại', 'Smuggling', 40),
  ('8fbc3bda-35c4-5536-9c6f-386e2ca3c433', 'topic', 'MT', 'Phòng, chống ma túy', 'Drugs', 50),
  ('34f80ee6-81fe-5531-ba63-79fe900ef3a9', 'topic', 'MBN', 'Phòng, chống mua bán người', 'Human trafficking', 60),
  ('5a9f3eb8-5dcd-5e31-b3b7-4bf47fcebb13', 'topic', 'IUU', 'Chống khai thác hải sản bất hợp pháp (IUU)', 'Illegal fishing (IUU)', 70),
  ('a9f7d175-4169-5fe0-9a1e-0dda8a992ae8', 'topic', 'XNC', 'Phòng, chống xuất nhập cảnh trái phép', 'Illegal migration', 80),
  ('6736d702-eac9-5816-85fc-6f46b889a70d', 'topic', 'DBHB', 'Cảnh giác trước âm mưu, thủ đoạn của các thế lực thù địch', 'Vigilance against hostile forces', 90),
  ('2e7f2c70-e87c-5851-8847-b3774a2837c9', 'topic', 'HN', 'Xây dựng biên giới hòa bình, hữu nghị, hợp tác và phát triển', 'Peaceful and friendly border', 100),
  ('408453df-ae4b-5678-8ce1-3ae11c98377c', 'topic', 'KT', 'Phát triển kinh tế - xã hội, văn hóa, du lịch vùng biên', 'Socio-economic development, culture and tourism', 110),
  ('20d6320f-f1b2-591c-930d-749a564dded7', 'topic', 'AN', 'An ninh chính trị, trật tự an toàn xã hội', 'Security and public order', 120),
  ('57aff223-ae29-521b-86ea-50338ce0e583', 'language', 'vi', 'Tiếng Việt', 'Vietnamese', 10),
  ('74a924ef-8a10-516a-b783-71b37b2be272', 'language', 'hmn', 'Tiếng H''Mông', 'Hmong', 20),
  ('2b55f258-169a-55d0-ad09-033c80292cac', 'language', 'dao', 'Tiếng Dao', 'Dao', 30),
  ('a468039d-607d-5192-86ce-2a4aa271bb5b', 'language', 'tay', 'Tiếng Tày - Nùng', 'Tay-Nung', 40),
  ('027901eb-88ff-5455-8965-36afa59300da', 'language', 'thai', 'Tiếng Thái', 'Thai (Tai Dam)', 50),
  ('24ac06f4-0cce-5ea0-b9a0-145aed26aacd', 'language', 'km', 'Tiếng Khmer', 'Khmer', 60),
  ('d74d0cee-9c02-5679-929f-ce2f6e4c30a6', 'language', 'lo', 'Tiếng Lào', 'Lao', 70),
  ('cdaae6f7-4600-5c0f-8e80-7fb3e73710e2', 'language', 'zh', 'Tiếng Trung', 'Chinese', 80),
  ('c6ca7c3b-9bed-5bfa-a323-59ea2ead5933', 'language', 'en', 'Tiếng Anh', 'English', 90),
  ('d5ae3b91-9abb-50bd-bab8-10874e6417cf', 'language', 'jrai', 'Tiếng Gia Rai', 'Jarai', 100),
  ('5c6011f7-b03d-56cb-8c6f-299eb13426d5', 'language', 'bahnar', 'Tiếng Ba Na', 'Bahnar', 110),
  ('a5f2f03b-8625-59f5-97d7-eb22102d2ccb', 'language', 'ede', 'Tiếng Ê Đê', 'Ede', 120);
