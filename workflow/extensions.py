"""Flask extensions, created unbound and initialised in create_app()."""
from flask_babel import Babel
from flask_caching import Cache
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .models import Base

db = SQLAlchemy(metadata=Base.metadata)
migrate = Migrate(compare_type=True, render_as_batch=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# rate limits of the public forms and of signing in; the store is RATELIMIT_STORAGE_URI (config.py):
# in-memory by default, each server process counting its own; a shared store when scaled out (docs/DEPLOY.md)
limiter = Limiter(get_remote_address, default_limits=[])
# rendered fragments that are the same for every visitor (the public navigation, the register's unfiltered
# filter form, the movement dashboard's figures): each process keeps its own, or one Redis holds them for every
# worker (CACHE_TYPE, config.py); they can always be rendered again
cache = Cache()
