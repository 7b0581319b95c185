"""The dashboard's figures, computed and rendered once per change of the data: the HTML of everything but the
reader's own links and the staff's overdue list is kept in the cache (shared by every worker when CACHE_TYPE
is Redis, config.py) under a key holding the data's version, the audit chain's head. Every change of
anything the dashboard counts is audited, and each audit event moves the head in the writer's transaction,
so a page read after a write finds no entry for the new head and computes afresh: the figures are never
stale, and no write path has to remember to invalidate them. The date (today) is part of the key too: the
overdue counts and processing times move with it.
"""
import zlib
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class Asked:
    """What the page around the figures needs: which campaign, date and audience (no statistics)."""
    campaign: Campaign
    on: date
    internal: bool
    limit: int


def asked(campaign: Campaign, on: date | None, internal: bool) -> Asked:
    return Asked(campaign, on or movement.default_date(campaign, clock.today()), internal,
                 current_app.config["PROCESSING_LIMIT_WORKING_DAYS"])


def figures(a: Asked) -> Markup:
    """The figures' HTML from the cache, or computed, rendered and kept. Compressed (about a tenth of the
    300 kB a large campaign renders to), so the per-process cache's 500 entries stay a few megabytes."""
    key = _key(a)
    kept = cache.get(key)
    if kept is None:
        d = build(a.campaign, a.on, a.internal)
        kept = zlib.compress(render_template("campaigns/_figures.html", d=d, charts=all_charts(d)).encode(), 1)
        cache.set(key, kept, timeout=FIGURES_TIMEOUT)
    # our own template's output, escaped when it was rendered
    return Markup(zlib.decompress(kept).decode())  # nosec B704


def _key(a: Asked) -> str:
    version = movement.data_version(db.session)
    return (f"dashboard:{a.campaign.id}:{'internal' if a.internal else 'public'}:{a.on.isoformat()}:"
            f"{clock.today().isoformat()}:{a.limit}:{get_locale()}:{version}")
