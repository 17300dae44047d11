"""Movements of copies: received, handed out, lost, damaged, written off, transferred
between cabinets (one operation, two halves); undoing them; their list, newest first."""

from app.core.cabinets.fields import movement_fields, movement_words
from app.core.cabinets.model import MOVEMENT_KINDS, SIMPLE_KINDS, Movement, MovementRow
from app.core.dates import month_bounds
from app.core.errors import ValidationError
from app.core.query import fts_query, order_by, paged, rows_as
from app.core.records import key_range, new_id
from app.core.validate import Fields
from app.i18n import N_, _


class Movements:
    """The movements part of `Cabinets`."""

    def record(self, movement: Movement) -> list[str]:
        """Record copies received, handed out, lost, damaged, written off, or transferred
        (`kind="transfer"`, one operation: out of one cabinet, into another)."""
        with self.records.transaction():
            values = self.validate_movement(movement)
            if movement.kind != "transfer":
                sign = MOVEMENT_KINDS[movement.kind][0]
                return [self.insert_movement({**values, "quantity": sign * values["quantity"]})]
            transfer_id = new_id()
            copies = values["quantity"]
            common = {**values, "transfer_id": transfer_id}
            return [
                self.insert_movement({**common, "kind": "transfer_out", "quantity": -copies}),
                self.insert_movement(
                    {
                        **common,
                        "kind": "transfer_in",
                        "quantity": copies,
                        "cabinet_id": movement.to_cabinet_id,
                    }
                ),
            ]

    def validate_movement(self, movement: Movement) -> dict:
        """The movement's values as they would be stored (quantity as typed, positive), or
        ValidationError; copies leaving must be in the cabinet that day and every day after."""
        f = Fields()
        kinds = {k: MOVEMENT_KINDS[k][1] for k in SIMPLE_KINDS} | {"transfer": N_("Transfer")}
        kind = f.choice("kind", movement.kind, N_("Kind of movement"), kinds)
        values = self._movement_values(f, movement)
        if kind == "transfer":
            target = f.existing(
                "to_cabinet_id", movement.to_cabinet_id, N_("To cabinet"), self.db, "cabinet"
            )
            if target and target == values["cabinet_id"]:
                f.error(
                    "to_cabinet_id",
                    N_("To cabinet"),
                    _("choose a different cabinet from the one the copies leave."),
                )
        f.done()
        if kind == "transfer" or MOVEMENT_KINDS[kind][0] < 0:
            self.require_available(values, values["quantity"])
        return {**values, "kind": kind}

    def delete_movement(self, movement_id: str) -> None:
        """Undo a movement (both halves of a transfer); refused if stock would go below zero."""
        row = self.records.get("movement", movement_id)
        if row["loan_id"] or row["stocktake_id"]:
            raise ValidationError(
                {"id": _("This movement belongs to a loan or a stocktake; change that instead.")}
            )
        ids = [movement_id]
        if row["transfer_id"]:
            ids = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM movement WHERE transfer_id = ? AND deleted_at IS NULL",
                    [row["transfer_id"]],
                )
            ]
        with self.records.transaction():
            touched = []
            for each in ids:
                deleted = self.records.get("movement", each)
                self.records.delete("movement", each)
                touched.append((deleted["cabinet_id"], deleted["title_id"]))
            for cabinet_id, title_id in touched:
                self.ensure_never_negative(cabinet_id, title_id)

    def restore_movement(self, movement_id: str) -> None:
        row = self.records.get("movement", movement_id, deleted=True)
        ids = [movement_id]
        if row["transfer_id"]:
            ids = [
                r[0]
                for r in self.db.execute(
                    "SELECT id FROM movement WHERE transfer_id = ?", [row["transfer_id"]]
                )
            ]
        with self.records.transaction():
            for each in ids:
                self.records.restore("movement", each)
                restored = self.records.get("movement", each)
                self.ensure_never_negative(restored["cabinet_id"], restored["title_id"])

    def _movement_values(self, f: Fields, movement: Movement) -> dict:
        return {
            "cabinet_id": f.existing(
                "cabinet_id", movement.cabinet_id, N_("Cabinet"), self.db, "cabinet"
            ),
            "title_id": f.existing("title_id", movement.title_id, N_("Title"), self.db, "title"),
            **movement_fields(f, movement),
        }

    def insert_movement(self, values: dict) -> str:
        return self.records.insert("movement", values, search=self._movement_words(values))

    def _movement_words(self, values: dict) -> list:
        cabinet, title = self.names(values["cabinet_id"], values["title_id"])
        return movement_words(values, cabinet, title)

    def _reindex_movements(self, column: str, value: str) -> None:
        rows = self.db.execute(
            f"SELECT id, kind, cabinet_id, title_id, counterparty, notes FROM movement "
            f"WHERE {column} = ?",
            [value],
        ).fetchall()
        keys = ("kind", "cabinet_id", "title_id", "counterparty", "notes")
        self.records.reindex(
            "movement",
            [
                (movement_id, self._movement_words(dict(zip(keys, values, strict=True))))
                for movement_id, *values in rows
            ],
        )

    def movement_totals(self, *, month: str) -> dict[str, int]:
        """Copies moved in a month, per kind of movement (signed as stored)."""
        rows = self.db.execute(
            "SELECT kind, sum(quantity) FROM movement WHERE deleted_at IS NULL "
            "AND n BETWEEN ? AND ? GROUP BY kind",
            key_range(*month_bounds(month)),
        )
        return {kind: total for kind, total in rows}

    def movements(
        self,
        *,
        search: str | None = None,
        month: str | None = None,
        cabinet_id: str | None = None,
        title_id: str | None = None,
        kind: str | None = None,
        limit: int | None = 100,
        offset: int = 0,
        sort: str | None = None,
        post: str | None = None,
    ) -> list[MovementRow]:
        """Movements, newest first (walking the date-ordered key, through the search index
        when there is something to look for)."""
        query = fts_query(search)
        key = "f.rowid" if query else "m.n"
        where, params = ["m.deleted_at IS NULL"], []
        if query:
            where.insert(0, "movement_fts MATCH ?")
            params.append(query)
        if month:
            where.append(f"{key} BETWEEN ? AND ?")
            params += key_range(*month_bounds(month))
        for column, value in (
            ("cabinet_id", cabinet_id),
            ("title_id", title_id),
            ("kind", kind),
            ("post_code", post),
        ):
            if value:
                where.append(f"m.{column} = ?")
                params.append(value)
        source = "movement_fts f JOIN movement m ON m.n = f.rowid" if query else "movement m"
        sql = (
            "SELECT m.id, m.date, m.kind, c.name AS cabinet, t.name AS title, m.quantity, "
            "m.counterparty, m.notes, "
            f"m.transfer_id, m.loan_id FROM {source} JOIN cabinet c ON c.id = m.cabinet_id "
            f"JOIN title t ON t.id = m.title_id WHERE {' AND '.join(where)} ORDER BY "
            + order_by(
                sort,
                {
                    "date": key,
                    "kind": "m.kind",
                    "cabinet": "c.name",
                    "title": "t.name",
                    "quantity": "m.quantity",
                    "counterparty": "m.counterparty",
                },
                f"{key} DESC",
            )
        )
        return rows_as(MovementRow, paged(self.db, sql, params, limit, offset))
