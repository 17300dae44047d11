"""Making packages for tests: provinces with registered posts, packages changed and re-signed
with the post's own key (so that only the change itself is wrong)."""

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

from app.core.book import Book
from app.exchange import keys, registry
from app.exchange.importer import import_packages


def run_import(province: Path, packages, **options) -> list:
    with Book.open(province, daily_backup=False) as book:
        return import_packages(book, packages, **options)


def new_province(path: Path, *posts: str) -> Path:
    """A provincial office's book with `posts` registered (without fingerprints: each post's
    first package records its key)."""
    with Book.create(
        path, post_code="BCH-HG", post_name="Bộ Chỉ huy BĐBP tỉnh Hà Giang", province=True
    ) as book:
        for code in posts:
            registry.register(book, code=code, name=f"Đồn {code}")
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rezip(
    source: Path,
    target: Path,
    *,
    replace: dict | None = None,
    extra: dict | None = None,
    drop: tuple = (),
    resign_with: Path | None = None,
    manifest: dict | None = None,
) -> Path:
    """A copy of a package with members replaced, added or dropped; re-signed with a key file
    when given (so that only the change itself is wrong)."""
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members.update(replace or {})
    if manifest is not None or resign_with is not None:
        body = json.loads(members["manifest.json"])
        body.update(manifest or {})
        body["members"] = {
            name: hashlib.sha256(members[name]).hexdigest()
            for name in ("data.sqlite", "report.pdf", "report.xlsx")
            if name in members  # an answer has no report
        }
        key = keys.signing_key(resign_with)
        body["public_key"] = keys.public_text(key)
        members["manifest.json"] = json.dumps(body, ensure_ascii=False).encode()
        members["signature"] = keys.sign(key, members["manifest.json"])
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            if name not in drop:
                archive.writestr(name, data)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return target


def data_of(package: Path) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read("data.sqlite")


def changed_data(package: Path, tmp_path: Path, sql: str) -> bytes:
    file = tmp_path / "changed.sqlite"
    file.write_bytes(data_of(package))
    connection = sqlite3.connect(file)
    connection.executescript(sql)
    connection.commit()
    connection.close()
    return file.read_bytes()


def changed(package: Path, target: Path, sql: str, *, key: Path, manifest: dict | None = None):
    """The package with `sql` run on its data, counted again and re-signed with the post's own
    key file: a package the post could have sent."""
    data = changed_data(package, target.parent, sql)
    file = target.parent / "recount.sqlite"
    file.write_bytes(data)
    connection = sqlite3.connect(file)
    tables = [
        r[0] for r in connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
    ]
    counts = {t: connection.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in tables}
    connection.close()
    return rezip(
        package,
        target,
        replace={"data.sqlite": data},
        resign_with=key,
        manifest={"counts": counts, **(manifest or {})},
    )


def lie(source: Path, target: Path, declared: int) -> Path:
    """A copy of `source` whose headers declare data.sqlite `declared` bytes long."""
    data = bytearray(source.read_bytes())
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at : start + name_at + 11] == b"data.sqlite":
                data[start + offset : start + offset + 4] = declared.to_bytes(4, "little")
            start += 4
    target.write_bytes(bytes(data))
    return target
