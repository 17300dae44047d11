-- 0004: monthly summaries of the large registers, kept in step by triggers, so that the
-- provincial office's consolidated report of a year reads a few thousand summary rows instead
-- of a million activities. Each row counts the live (not deleted) records of one post and one
-- month under one heading; a change to a record moves it from its old heading to its new one.
-- Rows that fall to zero stay (harmless to every sum). Trainees and courses are counted per
-- person (course) and month, so that "different people in the year" is one probe per person.

CREATE TABLE activity_month (
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    kind_id TEXT NOT NULL,
    plan_content_id TEXT NOT NULL,  -- '' when the activity serves no plan content
    activities INTEGER NOT NULL,
    audience INTEGER NOT NULL,
    women INTEGER NOT NULL,
    ethnic INTEGER NOT NULL,
    foreigners INTEGER NOT NULL,
    PRIMARY KEY (post_code, month, kind_id, plan_content_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE topic_month (
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    topic_id TEXT NOT NULL,
    activities INTEGER NOT NULL,
    audience INTEGER NOT NULL,
    PRIMARY KEY (post_code, month, topic_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE movement_month (
    post_code TEXT NOT NULL,
    month TEXT NOT NULL,
    kind TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    PRIMARY KEY (post_code, month, kind)
) STRICT, WITHOUT ROWID;

-- A person who came (present or late) to sessions of a month, and how many marks.
CREATE TABLE trainee_month (
    person_id TEXT NOT NULL,
    month TEXT NOT NULL,
    post_code TEXT NOT NULL,
    marks INTEGER NOT NULL,
    PRIMARY KEY (person_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX trainee_month_month ON trainee_month (month, marks);  -- a month's trainees

-- A course that held sessions in a month, and how many.
CREATE TABLE course_month (
    course_id TEXT NOT NULL,
    month TEXT NOT NULL,
    post_code TEXT NOT NULL,
    sessions INTEGER NOT NULL,
    PRIMARY KEY (course_id, month)
) STRICT, WITHOUT ROWID;

-- Activities -------------------------------------------------------------------------------

CREATE TRIGGER activity_month_insert AFTER INSERT ON activity WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO activity_month VALUES (new.post_code, substr(new.date, 1, 7), new.kind_id,
        coalesce(new.plan_content_id, ''), 1, new.audience_total, new.audience_women,
        new.audience_ethnic, new.audience_foreign)
    ON CONFLICT DO UPDATE SET activities = activities + 1,
        audience = audience + excluded.audience, women = women + excluded.women,
        ethnic = ethnic + excluded.ethnic, foreigners = foreigners + excluded.foreigners;
END;

CREATE TRIGGER activity_month_delete AFTER DELETE ON activity WHEN old.deleted_at IS NULL BEGIN
    UPDATE activity_month SET activities = activities - 1,
        audience = audience - old.audience_total, women = women - old.audience_women,
        ethnic = ethnic - old.audience_ethnic, foreigners = foreigners - old.audience_foreign
    WHERE post_code = old.post_code AND month = substr(old.date, 1, 7)
        AND kind_id = old.kind_id AND plan_content_id = coalesce(old.plan_content_id, '');
END;

CREATE TRIGGER activity_month_update AFTER UPDATE OF post_code, date, kind_id, plan_content_id,
    audience_total, audience_women, audience_ethnic, audience_foreign, deleted_at ON activity
BEGIN
    UPDATE activity_month SET activities = activities - 1,
        audience = audience - old.audience_total, women = women - old.audience_women,
        ethnic = ethnic - old.audience_ethnic, foreigners = foreigners - old.audience_foreign
    WHERE old.deleted_at IS NULL AND post_code = old.post_code
        AND month = substr(old.date, 1, 7) AND kind_id = old.kind_id
        AND plan_content_id = coalesce(old.plan_content_id, '');
    INSERT INTO activity_month SELECT new.post_code, substr(new.date, 1, 7), new.kind_id,
        coalesce(new.plan_content_id, ''), 1, new.audience_total, new.audience_women,
        new.audience_ethnic, new.audience_foreign
    WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET activities = activities + 1,
        audience = audience + excluded.audience, women = women + excluded.women,
        ethnic = ethnic + excluded.ethnic, foreigners = foreigners + excluded.foreigners;
    -- the activity's topics move with it
    UPDATE topic_month SET activities = activities - 1, audience = audience - old.audience_total
    WHERE old.deleted_at IS NULL AND post_code = old.post_code
        AND month = substr(old.date, 1, 7)
        AND topic_id IN (SELECT topic_id FROM activity_topic WHERE activity_id = old.id);
    INSERT INTO topic_month SELECT new.post_code, substr(new.date, 1, 7), t.topic_id, 1,
        new.audience_total
    FROM activity_topic t WHERE t.activity_id = new.id AND new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET activities = activities + 1,
        audience = audience + excluded.audience;
END;

-- Topics of activities ----------------------------------------------------------------------

CREATE TRIGGER topic_month_insert AFTER INSERT ON activity_topic BEGIN
    INSERT INTO topic_month SELECT a.post_code, substr(a.date, 1, 7), new.topic_id, 1,
        a.audience_total
    FROM activity a WHERE a.id = new.activity_id AND a.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET activities = activities + 1,
        audience = audience + excluded.audience;
END;

CREATE TRIGGER topic_month_delete AFTER DELETE ON activity_topic BEGIN
    UPDATE topic_month SET activities = activities - 1,
        audience = audience - (SELECT audience_total FROM activity WHERE id = old.activity_id)
    WHERE topic_id = old.topic_id AND (post_code, month) IN (
        SELECT post_code, substr(date, 1, 7) FROM activity
        WHERE id = old.activity_id AND deleted_at IS NULL);
END;

-- Movements of copies -----------------------------------------------------------------------

CREATE TRIGGER movement_month_insert AFTER INSERT ON movement WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO movement_month VALUES (new.post_code, substr(new.date, 1, 7), new.kind,
        new.quantity)
    ON CONFLICT DO UPDATE SET quantity = quantity + excluded.quantity;
END;

CREATE TRIGGER movement_month_delete AFTER DELETE ON movement WHEN old.deleted_at IS NULL BEGIN
    UPDATE movement_month SET quantity = quantity - old.quantity
    WHERE post_code = old.post_code AND month = substr(old.date, 1, 7) AND kind = old.kind;
END;

CREATE TRIGGER movement_month_update AFTER UPDATE OF post_code, date, kind, quantity, deleted_at
    ON movement
BEGIN
    UPDATE movement_month SET quantity = quantity - old.quantity
    WHERE old.deleted_at IS NULL AND post_code = old.post_code
        AND month = substr(old.date, 1, 7) AND kind = old.kind;
    INSERT INTO movement_month SELECT new.post_code, substr(new.date, 1, 7), new.kind,
        new.quantity
    WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET quantity = quantity + excluded.quantity;
END;

-- Attendance: a mark counts when it is present or late, live, at a live session ------------

CREATE TRIGGER trainee_month_insert AFTER INSERT ON attendance
WHEN new.deleted_at IS NULL AND new.status IN ('present', 'late') BEGIN
    INSERT INTO trainee_month SELECT new.person_id, substr(s.date, 1, 7), s.post_code, 1
    FROM session s WHERE s.id = new.session_id AND s.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET marks = marks + 1;
END;

CREATE TRIGGER trainee_month_delete AFTER DELETE ON attendance
WHEN old.deleted_at IS NULL AND old.status IN ('present', 'late') BEGIN
    UPDATE trainee_month SET marks = marks - 1
    WHERE person_id = old.person_id AND month = (
        SELECT substr(date, 1, 7) FROM session WHERE id = old.session_id AND deleted_at IS NULL);
END;

CREATE TRIGGER trainee_month_update AFTER UPDATE OF session_id, person_id, status, deleted_at
    ON attendance
BEGIN
    UPDATE trainee_month SET marks = marks - 1
    WHERE old.deleted_at IS NULL AND old.status IN ('present', 'late')
        AND person_id = old.person_id AND month = (
            SELECT substr(date, 1, 7) FROM session
            WHERE id = old.session_id AND deleted_at IS NULL);
    INSERT INTO trainee_month SELECT new.person_id, substr(s.date, 1, 7), s.post_code, 1
    FROM session s WHERE s.id = new.session_id AND s.deleted_at IS NULL
        AND new.deleted_at IS NULL AND new.status IN ('present', 'late')
    ON CONFLICT DO UPDATE SET marks = marks + 1;
END;

-- Sessions: their course's month, and the marks made at them, move with them --------------

CREATE TRIGGER course_month_insert AFTER INSERT ON session WHEN new.deleted_at IS NULL BEGIN
    INSERT INTO course_month VALUES (new.course_id, substr(new.date, 1, 7), new.post_code, 1)
    ON CONFLICT DO UPDATE SET sessions = sessions + 1;
END;

CREATE TRIGGER course_month_delete AFTER DELETE ON session WHEN old.deleted_at IS NULL BEGIN
    UPDATE course_month SET sessions = sessions - 1
    WHERE course_id = old.course_id AND month = substr(old.date, 1, 7);
END;

CREATE TRIGGER course_month_update AFTER UPDATE OF course_id, date, post_code, deleted_at
    ON session
BEGIN
    UPDATE course_month SET sessions = sessions - 1
    WHERE old.deleted_at IS NULL AND course_id = old.course_id
        AND month = substr(old.date, 1, 7);
    INSERT INTO course_month SELECT new.course_id, substr(new.date, 1, 7), new.post_code, 1
    WHERE new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET sessions = sessions + 1;
    UPDATE trainee_month SET marks = marks - 1
    WHERE old.deleted_at IS NULL AND month = substr(old.date, 1, 7) AND person_id IN (
        SELECT person_id FROM attendance WHERE session_id = old.id AND deleted_at IS NULL
            AND status IN ('present', 'late'));
    INSERT INTO trainee_month SELECT a.person_id, substr(new.date, 1, 7), new.post_code, 1
    FROM attendance a WHERE a.session_id = new.id AND a.deleted_at IS NULL
        AND a.status IN ('present', 'late') AND new.deleted_at IS NULL
    ON CONFLICT DO UPDATE SET marks = marks + 1;
END;

-- What the book already holds ---------------------------------------------------------------

INSERT INTO activity_month
SELECT post_code, substr(date, 1, 7), kind_id, coalesce(plan_content_id, ''), count(*),
    sum(audience_total), sum(audience_women), sum(audience_ethnic), sum(audience_foreign)
FROM activity WHERE deleted_at IS NULL GROUP BY 1, 2, 3, 4;

INSERT INTO topic_month
SELECT a.post_code, substr(a.date, 1, 7), t.topic_id, count(*), sum(a.audience_total)
FROM activity_topic t JOIN activity a ON a.id = t.activity_id
WHERE a.deleted_at IS NULL GROUP BY 1, 2, 3;

INSERT INTO movement_month
SELECT post_code, substr(date, 1, 7), kind, sum(quantity)
FROM movement WHERE deleted_at IS NULL GROUP BY 1, 2, 3;

INSERT INTO trainee_month
SELECT a.person_id, substr(s.date, 1, 7), min(s.post_code), count(*)
FROM attendance a JOIN session s ON s.id = a.session_id
WHERE a.deleted_at IS NULL AND s.deleted_at IS NULL AND a.status IN ('present', 'late')
GROUP BY 1, 2;

INSERT INTO course_month
SELECT course_id, substr(date, 1, 7), min(post_code), count(*)
FROM session WHERE deleted_at IS NULL GROUP BY 1, 2;
