"""Realistic demo data for a post's book: months of outreach, book cabinets and training.

Deterministic for a post code, so two runs on two copies give the same book. `scale`
multiplies the volume (a 1-million-activity book for benchmarks is `scale` ≈ 2000 over a
year). Rows go through the same write helper as the forms, month by month.
"""

import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from app.core import demo_data as data
from app.core.dates import month_end
from app.core.demo_cabinets import CabinetsDemo
from app.core.demo_plan import PlanDemo
from app.core.errors import ValidationError
from app.core.outreach import BROADCAST, search_parts
from app.core.text import fold, name_sort_key
from app.core.training import course_words, person_words, session_words
from app.i18n import _

DEMO_PIN = "0000"


@dataclass
class DemoCounts:
    activities: int = 0
    movements: int = 0
    loans: int = 0
    courses: int = 0
    sessions: int = 0
    people: int = 0
    attendance: int = 0
    approved: int = 0


def fill(
    book,
    *,
    months: int = 12,
    scale: int = 1,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoCounts:
    """Add `months` months of demo records, ending today, to a post's book."""
    if book.post.is_province:
        raise ValidationError(
            {
                "book": _(
                    "Demo data is made at a post; a provincial book gets its data by importing "
                    "the posts' monthly packages."
                )
            }
        )
    if not 1 <= months <= 240 or not 1 <= scale <= 100_000:
        raise ValidationError({"months": _("Choose 1 to 240 months and a scale of 1 to 100000.")})
    return _Demo(book, months, scale, today or date.today()).run(progress)


class _Demo(CabinetsDemo, PlanDemo):
    def __init__(self, book, months: int, scale: int, today: date):
        self.book = book
        self.records = book.records
        self.scale = scale
        self.today = today
        self.rng = random.Random(f"{book.post.code}:{months}:{scale}")
        self.area_name, self.area = _area_for(book.post)
        self.short = book.post.name.replace("Đồn Biên phòng", "").strip() or book.post.code
        self.month_starts = _month_starts(today, months)
        self.counts = DemoCounts()
        self.lookups = {
            (i.list, i.code): i
            for lst in ("activity_kind", "topic", "plan_content", "language")
            for i in book.lookups.items(lst)
        }
        self.stock: dict[tuple[str, str], int] = defaultdict(int)
        self.pending: list = []  # loans coming back in a later month
        self.serial = 0

    def run(self, progress) -> DemoCounts:
        """All or nothing: one transaction (each month a savepoint within it)."""
        with self.records.transaction():
            self._letterhead()
            self.cabinets = self._cabinets()
            self.titles = self._titles()
            self.people = self._people(60 + 40 * self.scale)
            self.stations = self._stations()
            total = len(self.month_starts)
            for index, first in enumerate(self.month_starts):
                with self.records.transaction():
                    self._activities(first)
                    self._copies(first, opening=index == 0)
                    if index % 3 == total % 3 or index in (0, total - 1):
                        self._courses(first, last_month=index == total - 1)
                if progress:
                    progress(index + 1, total)
            self._stocktake()
            if total > 1:
                self._station_states()
                self._reviews()
            self._targets()
            self._approve_past_months()
        return self.counts

    def _approve_past_months(self) -> None:
        """As a real book would be: every month before this one approved by the commander
        (the demo's PIN is DEMO_PIN when the book had none)."""
        periods = self.book.periods
        if not periods.has_pin:
            periods.set_pin(DEMO_PIN)
        for first in self.month_starts[:-1]:
            month = first.strftime("%Y-%m")
            if periods.get(month).state != "approved":
                periods.close(month, today=self.today)
                try:
                    periods.approve(month, DEMO_PIN, today=self.today)
                except ValidationError:
                    return  # the commander's own PIN: the months stay ready for approval
                self.counts.approved += 1

    # The post --------------------------------------------------------------------------

    def _letterhead(self) -> None:
        post = self.book.post
        province = self.area["province"]
        self.book.update_post(
            parent_unit=post.parent_unit or f"BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH {province.upper()}",
            province=post.province or province,
            place=post.place or self.area["communes"][0],
            commander=post.commander or data.COMMANDER,
            clerk=post.clerk or data.CLERK,
        )

    # Outreach --------------------------------------------------------------------------

    def _activities(self, first: date) -> None:
        rows, searches, links = [], [], []
        for _number in range(self.rng.randint(30, 55) * self.scale):
            day = self._day_in(first)
            if day is None:
                continue
            kind, topic_codes, wording = self.rng.choice(data.ACTIVITY_PATTERNS)
            topics = self.rng.sample(topic_codes, self.rng.randint(1, len(topic_codes)))
            if self.rng.random() < 0.4:
                topics.append(self.rng.choice(self.area["topics_extra"]))
            topics = sorted(set(topics) & {code for (lst, code) in self.lookups if lst == "topic"})
            commune = self.rng.choice(self.area["communes"])
            village = self.rng.choice(self.area["villages"])
            place = self.rng.choice(self.area["places"]) if self.rng.random() < 0.3 else ""
            if kind == "CK":
                place = self.area["gate"]
            where = f"{village}, xã {commune}" if kind != "CK" else place
            total = self._audience(kind)
            low, high = self.area["ethnic_share"]
            foreign_share = 0.6 if kind == "CK" else self.area["foreign_share"]
            values = {
                "date": day.isoformat(),
                "kind_id": self.lookups[("activity_kind", kind)].id,
                # (not drawn from `rng`: the rest of the demo stays as it was before stations)
                "station_id": self.stations[len(rows) % 3] if kind == BROADCAST else None,
                "title": wording.format(topic=data.TOPIC_WORDS[topics[0]], where=where),
                "commune": commune if kind not in ("BV", "MXH") else "",
                "village": village if kind not in ("BV", "MXH", "CK") else "",
                "place": place,
                "audience_total": total,
                "audience_women": round(total * self.rng.uniform(0.3, 0.55)),
                "audience_ethnic": round(total * self.rng.uniform(low, high)),
                "audience_foreign": round(total * self.rng.random() * foreign_share),
                "staff": "; ".join(self.rng.sample(data.OFFICERS, self.rng.randint(1, 3))),
                "partners": "; ".join(
                    p.format(commune=commune, province=self.area["province"])
                    for p in self.rng.sample(data.PARTNERS, self.rng.randint(0, 2))
                ),
                "materials": (
                    f"{self.rng.randint(20, 200)} {self.rng.choice(data.MATERIALS)}"
                    if kind == "CP"
                    else ""
                ),
                "plan_content_id": self.lookups[("plan_content", data.PLAN_FOR_KIND[kind])].id,
                "notes": "Có phiên dịch tiếng dân tộc" if self.rng.random() < 0.05 else "",
            }
            languages = ["vi"] + [
                code for code in self.area["languages"][1:] if self.rng.random() < 0.3
            ]
            topic_ids = [self.lookups[("topic", t)].id for t in topics]
            language_ids = [self.lookups[("language", code)].id for code in languages]
            rows.append(values)
            links.append({"activity_topic": topic_ids, "activity_language": language_ids})
            searches.append(search_parts(self.book.lookups, values, topic_ids, language_ids))
        self.counts.activities += len(
            self.records.insert_many("activity", rows, searches=searches, links=links)
        )

    def _audience(self, kind: str) -> int:
        ranges = {
            "HN": (40, 150),
            "TTM": (3, 25),
            "PT": (100, 800),
            "BV": (0, 0),
            "MXH": (0, 0),
            "CK": (20, 200),
            "GL": (100, 500),
            "SKH": (80, 300),
            "CP": (20, 120),
            "TL": (50, 400),
        }
        return self.rng.randint(*ranges[kind])

    # Training --------------------------------------------------------------------------

    def _people(self, count: int) -> list[dict]:
        rows = [self._person() for _number in range(count)]
        ids = self.records.insert_many("person", rows, searches=[person_words(r) for r in rows])
        self.counts.people += len(ids)
        return [{**row, "id": i} for row, i in zip(rows, ids, strict=True)]

    def _person(self) -> dict:
        female = self.rng.random() < 0.4
        area = self.area
        if self.rng.random() < 0.25:  # Kinh officers and staff serve everywhere
            area = data.AREAS["island"]
        name = " ".join(
            [
                self.rng.choice(area["families"]),
                self.rng.choice(area["middles_f" if female else "middles_m"]),
                self.rng.choice(area["given_f" if female else "given_m"]),
            ]
        )
        commune = self.rng.choice(self.area["communes"])
        position = self.rng.choice(data.POSITIONS)
        unit = (
            f"Đồn Biên phòng {self.short}"
            if position.startswith(("Chiến sĩ", "Cán bộ Đồn"))
            else self.rng.choice(
                [f"UBND xã {commune}", f"{self.rng.choice(self.area['villages'])}, xã {commune}"]
            )
        )
        return {
            "full_name": name,
            "birth_year": self.rng.randint(1962, 2005),
            "gender": "female" if female else "male",
            "ethnicity": self.rng.choice(area["ethnicities"]),
            "unit": unit,
            "position": position,
            "phone": "",
            "notes": "",
            "sort_key": name_sort_key(name),
        }

    def _courses(self, first: date, *, last_month: bool) -> None:
        for number in range(self.scale):
            start = self._day_in(first, latest=20)
            if last_month and number == 0:
                start = self.today + timedelta(days=2)  # one course starts this week
            if start is None:
                continue
            days = self.rng.randint(2, 4)
            end = start + timedelta(days=days - 1)
            title = self.rng.choice(data.COURSES)
            plan = self.lookups[("plan_content", "ND4")].id
            course = {
                "title": f"{title} năm {start.year}",
                "organiser": f"Đồn Biên phòng {self.short} phối hợp Sở Thông tin và Truyền thông",
                "start_date": start.isoformat(),
                "end_date": end.isoformat(),
                "place": f"Hội trường {self.rng.choice(['Đồn Biên phòng', 'UBND xã'])} "
                f"{self.short}",
                "plan_content_id": plan,
                "notes": "",
            }
            (course_id,) = self.records.insert_many(
                "course", [course], searches=[course_words(course)]
            )
            self.counts.courses += 1
            sessions = []
            for offset in range(days):
                for time in ["07:30", "13:30"] if self.rng.random() < 0.5 else ["08:00"]:
                    day = start + timedelta(days=offset)
                    sessions.append(
                        {
                            "course_id": course_id,
                            "date": day.isoformat(),
                            "start_time": time,
                            "place": course["place"],
                            "topic": data.SESSION_TOPICS[len(sessions) % len(data.SESSION_TOPICS)],
                            "notes": "",
                        }
                    )
            session_ids = self.records.insert_many(
                "session", sessions, searches=[session_words(s, course["title"]) for s in sessions]
            )
            self.counts.sessions += len(session_ids)
            trainees = self.rng.sample(self.people, min(len(self.people), self.rng.randint(15, 35)))
            walk_ins = self._people(self.rng.randint(0, 2)) if start < self.today else []
            self.records.insert_many(
                "enrolment",
                [
                    {"course_id": course_id, "person_id": p["id"], "walk_in": int(p in walk_ins)}
                    for p in trainees + walk_ins
                ],
            )
            marks = []
            for session, session_id in zip(sessions, session_ids, strict=True):
                if session["date"] > self.today.isoformat():
                    continue
                for person in trainees:
                    status = self.rng.choices(
                        ["present", "late", "excused", "absent"], weights=[85, 6, 6, 3]
                    )[0]
                    marks.append(
                        {
                            "session_id": session_id,
                            "person_id": person["id"],
                            "status": status,
                            "notes": "",
                        }
                    )
                for person in walk_ins:
                    marks.append(
                        {
                            "session_id": session_id,
                            "person_id": person["id"],
                            "status": "present",
                            "notes": "Tham dự bổ sung",
                        }
                    )
            self.counts.attendance += len(self.records.insert_many("attendance", marks))

    # Dates -----------------------------------------------------------------------------

    def _day_in(self, first: date, *, latest: int = 31) -> date | None:
        """A random day of the month (not after today); None if the month has not begun."""
        last = min(month_end(first), self.today, first + timedelta(days=latest - 1))
        if last < first:
            return None
        return first + timedelta(days=self.rng.randint(0, (last - first).days))


def area_named(text: str) -> dict:
    """The demo area whose province `text` names (e.g. a provincial office's name), or the
    first."""
    folded = fold(text)
    for area in data.AREAS.values():
        if fold(area["province"]) in folded:
            return area
    return next(iter(data.AREAS.values()))


def _area_for(post) -> tuple[str, dict]:
    for name, area in data.AREAS.items():
        if any(commune in post.name for commune in area["communes"]):
            return name, area
    names = sorted(data.AREAS)
    name = names[sum(map(ord, post.code)) % len(names)]
    return name, data.AREAS[name]


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _month in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]
