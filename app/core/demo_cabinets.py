"""Demo data for the book cabinets: cabinets, titles, and months of copies received, handed
out, transferred, lent and returned, with a stocktake at the end (a mixin of demo._Demo)."""

import heapq
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.core import demo_data as data
from app.core.cabinets import cabinet_words, movement_words, title_words
from app.core.dates import month_end
from app.core.loans import loan_words


@dataclass(order=True)
class _Event:
    day: str
    order: int
    kind: str = field(compare=False)
    detail: dict = field(compare=False)


class CabinetsDemo:
    def _cabinets(self) -> list[dict]:
        commune, village = self.area["communes"][0], self.area["villages"][0]
        rows = []
        for name, kind, place in data.CABINETS:
            words = {
                "post": self.short,
                "commune": commune,
                "village": village,
                "gate": self.area["gate"],
            }
            rows.append(
                {
                    "name": name.format(**words),
                    "location_kind": kind,
                    "place": place.format(**words),
                    "keeper": self.rng.choice(data.OFFICERS),
                    "notes": "",
                }
            )
        ids = self.records.insert_many("cabinet", rows, searches=[cabinet_words(r) for r in rows])
        return [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]

    def _titles(self) -> list[dict]:
        rows = [
            {
                "name": name,
                "kind": kind,
                "author": author,
                "publisher": publisher,
                "year": year,
                "notes": "",
            }
            for name, kind, author, publisher, year in data.TITLES
        ]
        ids = self.records.insert_many("title", rows, searches=[title_words(r) for r in rows])
        return [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]

    def _copies(self, first: date, *, opening: bool) -> None:
        events = []
        post_cabinet = self.cabinets[0]
        if opening:
            for cabinet in self.cabinets:
                for title in self.rng.sample(self.titles, self.rng.randint(8, len(self.titles))):
                    events.append(
                        self._event(
                            first,
                            "received",
                            cabinet=cabinet,
                            title=title,
                            quantity=self.rng.randint(5, 40),
                            counterparty="Sở Thông tin và Truyền thông",
                        )
                    )
        newspapers = [t for t in self.titles if t["kind"] in ("newspaper", "magazine")]
        for _round in range(self.scale):
            for title in newspapers:
                day = self._day_in(first, latest=5)
                if day:
                    events.append(
                        self._event(
                            day,
                            "received",
                            cabinet=post_cabinet,
                            title=title,
                            quantity=self.rng.randint(10, 30),
                            counterparty=title["publisher"],
                        )
                    )
            for _number in range(self.rng.randint(6, 12)):
                day = self._day_in(first)
                if day is None:
                    continue
                cabinet = self.rng.choice(self.cabinets)
                title = self.rng.choice(self.titles)
                roll = self.rng.random()
                if roll < 0.45:
                    village = self.rng.choice(self.area["villages"])
                    events.append(
                        self._event(
                            day,
                            "handed_out",
                            cabinet=cabinet,
                            title=title,
                            quantity=self.rng.randint(1, 15),
                            counterparty=f"Nhân dân {village}",
                        )
                    )
                elif roll < 0.65:
                    target = self.rng.choice(self.cabinets[1:])
                    events.append(
                        self._event(
                            day,
                            "transfer",
                            cabinet=post_cabinet,
                            title=title,
                            quantity=self.rng.randint(2, 10),
                            target=target,
                        )
                    )
                elif roll < 0.92:
                    events.append(
                        self._event(
                            day,
                            "lend",
                            cabinet=cabinet,
                            title=title,
                            quantity=1,
                            borrower=self.rng.choice(self.people),
                        )
                    )
                else:
                    events.append(
                        self._event(
                            day,
                            self.rng.choice(["lost", "damaged"]),
                            cabinet=cabinet,
                            title=title,
                            quantity=1,
                            counterparty="",
                        )
                    )
        last = month_end(first)
        while self.pending and self.pending[0].day <= last.isoformat():
            events.append(heapq.heappop(self.pending))
        self._apply(sorted(events))

    def _event(self, day: date, kind: str, **detail) -> _Event:
        self.serial += 1
        return _Event(day.isoformat(), self.serial, kind, detail)

    def _apply(self, events: list[_Event]) -> None:
        movements, searches = [], []

        def move(event, cabinet, kind, quantity, **extra):
            key = (cabinet["id"], event.detail["title"]["id"])
            self.stock[key] += quantity
            row = {
                "date": event.day,
                "cabinet_id": cabinet["id"],
                "title_id": event.detail["title"]["id"],
                "kind": kind,
                "quantity": quantity,
                "transfer_id": None,
                "loan_id": None,
                "stocktake_id": None,
                "counterparty": extra.pop("counterparty", ""),
                "notes": "",
            }
            row.update(extra)
            movements.append(row)
            searches.append(movement_words(row, cabinet["name"], event.detail["title"]["name"]))

        for event in events:
            detail = event.detail
            cabinet, title = detail["cabinet"], detail["title"]
            have = self.stock[(cabinet["id"], title["id"])]
            if event.kind == "received":
                move(
                    event,
                    cabinet,
                    "received",
                    detail["quantity"],
                    counterparty=detail["counterparty"],
                )
            elif event.kind == "returned":
                move(
                    event,
                    cabinet,
                    "returned",
                    1,
                    loan_id=detail["loan_id"],
                    counterparty=detail["borrower"],
                )
            elif have <= 0:
                continue  # nothing left to take out
            elif event.kind == "transfer":
                quantity = min(have, detail["quantity"])
                transfer_id = str(uuid.uuid4())
                move(event, cabinet, "transfer_out", -quantity, transfer_id=transfer_id)
                move(event, detail["target"], "transfer_in", quantity, transfer_id=transfer_id)
            elif event.kind == "lend":
                movements_before = len(movements)
                self._lend(event, move)
                if len(movements) == movements_before:
                    continue
            else:
                move(
                    event,
                    cabinet,
                    event.kind,
                    -min(have, detail["quantity"]),
                    counterparty=detail.get("counterparty", ""),
                )
        self.counts.movements += len(
            self.records.insert_many("movement", movements, searches=searches)
        )

    def _lend(self, event: _Event, move) -> None:
        detail = event.detail
        lent = date.fromisoformat(event.day)
        due = lent + timedelta(days=self.rng.choice([14, 21, 30]))
        back = lent + timedelta(days=self.rng.randint(5, 40))
        returned = back if back <= self.today and self.rng.random() < 0.85 else None
        borrower = detail["borrower"]
        loan = {
            "cabinet_id": detail["cabinet"]["id"],
            "title_id": detail["title"]["id"],
            "borrower": borrower["full_name"],
            "borrower_unit": borrower["unit"],
            "quantity": 1,
            "lent_on": event.day,
            "due_on": due.isoformat(),
            "returned_on": returned.isoformat() if returned else None,
            "notes": "",
        }
        (loan_id,) = self.records.insert_many(
            "loan",
            [loan],
            searches=[loan_words(loan, detail["cabinet"]["name"], detail["title"]["name"])],
        )
        self.counts.loans += 1
        move(event, detail["cabinet"], "lent", -1, loan_id=loan_id, counterparty=loan["borrower"])
        if returned:
            heapq.heappush(
                self.pending,
                self._event(
                    returned,
                    "returned",
                    cabinet=detail["cabinet"],
                    title=detail["title"],
                    loan_id=loan_id,
                    borrower=loan["borrower"],
                ),
            )

    def _stocktake(self) -> None:
        """A confirmed stocktake of the post's own cabinet at the end, with a copy or two
        found missing, as counts usually go."""
        cabinet = self.cabinets[0]
        stocktakes = self.book.stocktakes
        stocktake_id = stocktakes.start(cabinet["id"], on=self.today)
        for line in stocktakes.lines(stocktake_id):
            missing = 1 if self.rng.random() < 0.15 and line.expected > 0 else 0
            stocktakes.set_count(stocktake_id, line.title_id, line.expected - missing)
        stocktakes.confirm(stocktake_id)
