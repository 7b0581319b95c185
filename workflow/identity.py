"""Who runs the site, on every page: the agency's name in the header, its name, address, hotline and e-mail in the
footer (AGENCY_* settings, shown only when set), and the site's icon at /favicon.ico where browsers ask for it.
Imports nothing from views or services."""
from typing import NamedTuple

from flask import Flask, current_app, send_from_directory
from flask_babel import get_locale

ICON_MAX_AGE = 86400


class Agency(NamedTuple):
    name: str
    address: str
    hotline: str
    email: str

    @property
    def known(self) -> bool:
        return any(self)

    @property
    def tel(self) -> str:
        """The hotline as a tel: link wants it: digits and a leading +."""
        return "".join(c for c in self.hotline if c.isdigit() or c == "+")


def agency() -> Agency:
    c = current_app.config
    english = str(get_locale()) == "en" and c.get("AGENCY_NAME_EN")
    return Agency(name=(c.get("AGENCY_NAME_EN") if english else c.get("AGENCY_NAME")) or "",
                  address=c.get("AGENCY_ADDRESS") or "", hotline=c.get("AGENCY_HOTLINE") or "",
                  email=c.get("AGENCY_EMAIL") or "")


def favicon():
    return send_from_directory(current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=ICON_MAX_AGE)


def init_app(app: Flask) -> None:
    app.add_template_global(agency)
    app.add_url_rule("/favicon.ico", "favicon", favicon)
