"""The home page: the public campaigns with their targets, the notices open now with the working days
left, and the latest decisions."""
from flask import render_template

from ...extensions import db
from ...services import clock, register
from . import bp


@bp.get("/")
def index():
    today = clock.today()
    return render_template("public/index.html", home=register.home(db.session, today), today=today)
