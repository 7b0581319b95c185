"""Public pages, no login: the home page with the open campaigns."""
from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..extensions import db
from ..models import Campaign, Nomination
from ..services import clock

bp = Blueprint("public", __name__)


@bp.get("/")
def index():
    campaigns = db.session.scalars(select(Campaign).where(Campaign.is_public.is_(True))
                                   .order_by(Campaign.period_end.desc(), Campaign.id)).all()
    counts = dict(db.session.execute(select(Nomination.campaign_id, func.count())
                                     .group_by(Nomination.campaign_id)).all())
    return render_template("public/index.html", campaigns=campaigns, counts=counts, today=clock.today())
