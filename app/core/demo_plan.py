"""The demo's loudspeaker stations, reviews and commendations, and the year's plan targets a
post's demo book shows as if its provincial office had sent them (a mixin of the demo)."""

from datetime import date, timedelta

from app.core.plan import target_id
from app.core.reviews import Commendation, Review
from app.core.stations import Station, StationState

# The demo's targets of the year, for one post at scale 1 (some the demo's records reach,
# some they fall behind): indicator, content, target.
TARGETS = (
    ("activities", "", 480),
    ("activities", "ND1", 150),
    ("audience", "", 30000),
    ("women", "", 12000),
    ("copies_handed_out", "", 300),
    ("courses", "", 5),
    ("trainees", "", 90),
    ("sessions", "", 16),
    ("stations_working", "", 3),
)
DEMO_PROVINCE = "BCH-DEMO"  # the sender of the demo's targets when no province is registered


class PlanDemo:
    """Needs `book`, `records`, `rng`, `area`, `short`, `today`, `month_starts`, `people`."""

    def _stations(self) -> list[str]:
        """Three stations installed before the demo's first month; broadcasts name them."""
        installed = self.month_starts[0] - timedelta(days=400)
        stations = []
        for number, commune in enumerate(self.area["communes"][:3]):
            stations.append(
                self.book.stations.add(
                    Station(
                        name=f"Cụm loa {self.area['villages'][number]}",
                        commune=commune,
                        village=self.area["villages"][number],
                        installed_on=installed + timedelta(days=30 * number),
                        funded_by="Kế hoạch phối hợp với Sở Thông tin và Truyền thông",
                    )
                )
            )
        return stations

    def _station_states(self) -> None:
        """One station broke and was repaired early on; another broke last month."""
        first, last = self.month_starts[0], self.month_starts[-2]
        states = self.book.stations
        early = first + timedelta(days=6)
        states.add_state(
            StationState(self.stations[1], early, "broken", "Hỏng bộ khuếch đại sau mưa dông")
        )
        states.add_state(
            StationState(
                self.stations[1], early + timedelta(days=12), "repaired", "Đã thay bộ khuếch đại"
            )
        )
        states.add_state(
            StationState(
                self.stations[2], last + timedelta(days=9), "broken", "Đứt dây loa do cây đổ"
            )
        )

    def _reviews(self) -> None:
        """The year's interim review last month and the commendations decided after it."""
        held = self.month_starts[-2] + timedelta(days=14)
        start = date(held.year, 1, 1) if held.month > 1 else date(held.year - 1, 1, 1)
        reviews = self.book.reviews
        review = reviews.add_review(
            Review(
                date=held,
                kind="interim",
                level="post",
                title=f"Sơ kết công tác thông tin, tuyên truyền đến tháng {held.month - 1 or 12}",
                period_from=start,
                period_to=self.month_starts[-2] - timedelta(days=1),
                participants=35,
                chaired_by="Đồn trưởng",
            )
        )
        decided = held + timedelta(days=3)
        people = [person["id"] for person in self.rng.sample(self.people, 2)]
        awards = [
            (
                "collective",
                f"Tổ công tác tuyên truyền, Đồn Biên phòng {self.short}",
                "",
                "bang_khen",
            ),
            ("individual", "", people[0], "giay_khen"),
            ("individual", "", people[1], "giay_khen"),
        ]
        for number, (kind, recipient, person, form) in enumerate(awards, start=1):
            reviews.add_commendation(
                Commendation(
                    recipient_kind=kind,
                    recipient=recipient,
                    person_id=person,
                    form=form,
                    authority=(
                        "Chỉ huy trưởng Bộ đội Biên phòng tỉnh"
                        if form == "bang_khen"
                        else "Đồn trưởng"
                    ),
                    decision_number=f"{100 + number}/QĐ-ĐBP",
                    decision_date=decided,
                    reason="Có thành tích xuất sắc trong công tác tuyên truyền biên giới",
                    review_id=review,
                )
            )

    def _targets(self) -> None:
        """The year's targets, as the provincial office's answer would have brought them."""
        found = self.book.db.execute(
            "SELECT code FROM post WHERE kind = 'province' AND is_self = 0 AND deleted_at IS NULL"
        ).fetchone()
        sender = found[0] if found else DEMO_PROVINCE
        code, year = self.book.post.code, self.today.year
        for indicator, content, target in TARGETS:
            self.records.insert(
                "plan_target",
                {
                    "id": target_id(code, year, indicator, content),
                    "post_code": sender,
                    "to_post": code,
                    "year": year,
                    "indicator": indicator,
                    "content": content,
                    "target": target * (self.scale if indicator != "stations_working" else 1),
                },
            )
