-- 0003: the provincial office's register of its posts. A post is registered (by code, name
-- and commune or district) before its packages are accepted; `fingerprint` is the short
-- form of the post's signing key, read aloud over the phone or from the post's monthly
-- report. Posts already known from imported packages stay registered with the key they sent.

ALTER TABLE post ADD COLUMN area TEXT NOT NULL DEFAULT '';
ALTER TABLE post ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';
