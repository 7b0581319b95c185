"""The dashboard's figures, computed and rendered once per change of the data: the HTML of everything but the
reader's own links and the staff's overdue list is kept in the cache (shared by every worker when CACHE_TYPE
is Redis, config.py) under a key holding the data's version, the audit chain's head. Every change of
anything the dashboard counts is audited, and each audit event moves the head in the writer's transaction,
so a page read after a write finds no entry for the new head and computes afresh: the figures are never
stale, and no write path has to remember to invalidate them. The date (today) is part of the key too: the
overdue counts and processing times move with it.
"""
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from threading import Lock

from flask import current_app, render_template
from flask_babel import get_locale
from markupsafe import Markup

from ...extensions import cache, db
from ...models import Campaign
from ...services import clock, movement
from . import build
from .charts import all_charts

# A change made outside the app (by hand in the database) is not audited: it shows within this time at worst.
FIGURES_TIMEOUT = 3600
RECENT_PAGES = 32   # kept ready in each process: at most ~10 MB


@dataclass(frozen=True)
class Asked:
    """What the page around the figures needs: which campaign, date and audience (no statistics)."""
    campaign: Campaign
    on: date
    internal: bool


def asked(campaign: Campaign, on: date | None, internal: bool) -> Asked:
    return Asked(campaign, on or movement.default_date(campaign, clock.today()), internal)


def figures(a: Asked) -> Markup:
    """The figures' HTML: from this process's few most recent pages, else from the shared cache, else
    computed, rendered and kept in both. In the shared cache compressed (about a tenth of the 300 kB a large
    campaign renders to), so its entries stay small; here as the page text itself, ready to send."""
    key, recent = _key(a), current_app.extensions.setdefault("dashboard_figures", Recent(RECENT_PAGES))
    html = recent.get(key)
    if html is None:
        kept = cache.get(key)
        if kept is None:
            d = build(a.campaign, a.on, a.internal)
            kept = zlib.compress(render_template("campaigns/_figures.html", d=d, charts=all_charts(d)).encode(), 1)
            cache.set(key, kept, timeout=FIGURES_TIMEOUT)
        # our own template's output, escaped when it was rendered
        html = recent.put(key, Markup(zlib.decompress(kept).decode()))  # nosec B704
    return html


class Recent:
    """The last few entries in this process's memory, the oldest dropped first; safe across threads. An entry
    is never stale: its key names the data's version."""

    def __init__(self, size: int):
        self.size, self.entries, self.lock = size, OrderedDict(), Lock()

    def get(self, key: str) -> Markup | None:
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
            return self.entries.get(key)

    def put(self, key: str, value: Markup) -> Markup:
        with self.lock:
            self.entries[key] = value
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value


def _key(a: Asked) -> str:
    version = movement.data_version(db.session)
    return (f"dashboard:{a.campaign.id}:{'internal' if a.internal else 'public'}:{a.on.isoformat()}:"
            f"{clock.today().isoformat()}:{get_locale()}:{version}")
