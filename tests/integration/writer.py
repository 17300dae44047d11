"""A program that writes to a book until it is killed; prints each record id once committed."""

import sys

from app.core.book import Book
from app.core.cabinets import Cabinet, Movement, Title
from app.core.outreach import Activity

with Book.open(sys.argv[1], daily_backup=False) as book:
    kind = book.lookups.items("activity_kind")[0].id
    cabinets = book.cabinets
    post = cabinets.add_cabinet(Cabinet(name="Tủ sách Đồn"))
    commune = cabinets.add_cabinet(Cabinet(name="Tủ sách xã", location_kind="commune"))
    title = cabinets.add_title(Title(name="Luật Biên phòng Việt Nam"))
    cabinets.record(
        Movement(
            kind="received", date="2026-01-01", cabinet_id=post, title_id=title, quantity=100000
        )
    )
    number = 0
    while True:
        number += 1
        activity_id = book.outreach.add(
            Activity(
                date="2026-03-12",
                kind_id=kind,
                title=f"Hoạt động {number} " + "nội dung " * 30,
                audience_total=number % 500,
            )
        )
        print(activity_id, flush=True)
        cabinets.record(
            Movement(
                kind="transfer",
                date="2026-03-12",
                cabinet_id=post,
                to_cabinet_id=commune,
                title_id=title,
                quantity=1,
            )
        )
