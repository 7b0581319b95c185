"""Configuration. SQLite under instance/ by default; DATABASE_URL selects PostgreSQL (psycopg 3).

SECRET_KEY comes from the environment, else it is generated once into instance/secret_key (never a
constant in the repository).
"""
import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
# ID numbers, birth dates and contacts live here: create_app makes it (and what holds them) owner-only
INSTANCE_DIR = Path(os.environ.get("VINHDANH_INSTANCE", BASE_DIR / "instance")).absolute()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres://"):  # the Heroku-style scheme SQLAlchemy no longer accepts
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url or f"sqlite:///{INSTANCE_DIR / 'vinhdanh.db'}"


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:  # never readable
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


class Config:
    ENV_NAME = os.environ.get("VINHDANH_ENV", "development")
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    BLOB_DIR = os.environ.get("BLOB_DIR", str(INSTANCE_DIR / "blobs"))
    # Where stored files live: "local" (BLOB_DIR on this machine) or "database" (the stored_file table, shared by
    # every app server); `flask files copy --to …` moves them when switching (docs/OPERATIONS.md)
    FILE_STORE = os.environ.get("FILE_STORE", "local").strip().lower()
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("vi", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"
    # __Host-: the browser keeps it only if Secure, for this host and path /, so no subdomain can plant or read it
    SESSION_COOKIE_NAME = "__Host-session" if SESSION_COOKIE_SECURE else "session"
    # The address printed in certificates' QR codes and every absolute link, e.g. https://vinhdanh.camau.gov.vn.
    # Empty: the address each request came in on (workflow/urls.py). TRUSTED_HOSTS (comma-separated) refuses
    # any other Host header, so a forged one can put no other address in a cached feed.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip()
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None
    # The agency that runs the site, in every page's header and footer (an empty one is not shown). These
    # defaults are PLACEHOLDERS for the demo, consistent with its data (since 01/07/2025 Bạc Liêu is part of Cà
    # Mau, whose Sở Nội vụ now does the emulation work): production shows only what is set (ProductionConfig).
    AGENCY_NAME = os.environ.get("AGENCY_NAME", "Sở Nội vụ tỉnh Cà Mau")
    AGENCY_NAME_EN = os.environ.get("AGENCY_NAME_EN", "Department of Home Affairs of Cà Mau Province")
    AGENCY_ADDRESS = os.environ.get("AGENCY_ADDRESS", "Số 2 đường Hùng Vương, phường An Xuyên, tỉnh Cà Mau")
    AGENCY_HOTLINE = os.environ.get("AGENCY_HOTLINE", "0290 3 123 456")
    AGENCY_EMAIL = os.environ.get("AGENCY_EMAIL", "thiduakhenthuong@camau.example")
    # Behind load balancers / reverse proxies: how many to trust for X-Forwarded-For and -Proto (0 = none,
    # the client is the socket's peer). Rate-limit counters: memory:// per process, or redis://… shared.
    TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
    # Explicit: Flask-Limiter's one limiter object otherwise keeps the last app's setting for the next app
    RATELIMIT_ENABLED = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Rendered fragments and the movement dashboard's figures (Flask-Caching): in each process's memory, bounded;
    # shared by every worker and server when CACHE_REDIS_URL (or REDIS_URL) names a Redis (docs/OPERATIONS.md)
    CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL") or os.environ.get("REDIS_URL", "")
    CACHE_TYPE = "RedisCache" if CACHE_REDIS_URL else "SimpleCache"
    CACHE_KEY_PREFIX = "vinhdanh:cache:"
    CACHE_DEFAULT_TIMEOUT = 300
    CACHE_THRESHOLD = 500
    # The integration API (docs/API.md): calls per integration client (by its token) and per address for the
    # public reads (Flask-Limiter's syntax); a webhook's receiver must answer within WEBHOOK_TIMEOUT seconds
    API_RATE_LIMIT_CLIENT = os.environ.get("API_RATE_LIMIT_CLIENT", "120 per minute;5000 per day")
    API_RATE_LIMIT_PUBLIC = os.environ.get("API_RATE_LIMIT_PUBLIC", "300 per minute")
    # how long an Idempotency-Key of the write API is remembered (a retry within it is answered, not done again)
    API_IDEMPOTENCY_HOURS = int(os.environ.get("API_IDEMPOTENCY_HOURS", "24"))
    WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "vinhdanh-demo")
    # The log (workflow/logs.py): "text" for a terminal, "json" for a log collector (production's default);
    # LOG_LEVEL sets the root logger's level (unset under tests, whose runner captures the log)
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    # /metrics (workflow/metrics.py) answers these networks (comma-separated), or a request with the header
    # "Authorization: Bearer <METRICS_TOKEN>" when a token is set
    METRICS_ALLOW = os.environ.get("METRICS_ALLOW", "127.0.0.1/32,::1/128")
    METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
    # the decision screen warns when the newest confirmed base salary in force is older than this (docs/processing-clock.md)
    BASE_SALARY_MAX_AGE_DAYS = int(os.environ.get("BASE_SALARY_MAX_AGE_DAYS", "730"))
    # red flags against chasing achievements (rules/red_flags.py, docs/red-flags.md); they inform, never block
    RED_FLAG_ROUNDS = int(os.environ.get("RED_FLAG_ROUNDS", "3"))            # proposed in each of the last N rounds
    RED_FLAG_LEADER_CEILING_PCT = float(os.environ.get("RED_FLAG_LEADER_CEILING_PCT", "30"))   # leaders above
    RED_FLAG_PRODUCTION_FLOOR_PCT = float(os.environ.get("RED_FLAG_PRODUCTION_FLOOR_PCT", "20"))  # workers below
    RED_FLAG_MIN_LIST = int(os.environ.get("RED_FLAG_MIN_LIST", "5"))        # shares only from this many individuals
    RED_FLAG_PER_HEAD_RATIO = float(os.environ.get("RED_FLAG_PER_HEAD_RATIO", "2"))  # × the peers' median /1,000
    RED_FLAG_UPHELD_MIN = int(os.environ.get("RED_FLAG_UPHELD_MIN", "1"))    # upheld objections in earlier rounds
    # The issuer's signing key (PKCS#12). Without a password here, the file "<path>.password" beside it is
    # read (what `flask keys dev-generate` writes). Never commit either.
    SIGNING_P12_PATH = os.environ.get("SIGNING_P12_PATH", str(INSTANCE_DIR / "keys" / "signer.p12"))
    SIGNING_P12_PASSWORD = os.environ.get("SIGNING_P12_PASSWORD")
    SIGNING_LOCATION = os.environ.get("SIGNING_LOCATION", "Cà Mau")  # the demo issuer since 01/07/2025
    # Who signs each issued PDF (docs/SIGNING.md): "server" (one signature, the key above: the default, no token
    # needed) or "personal_then_organisation" (the signer's personal signature, then the organisation's seal with
    # the key above over it). The personal signature: "pkcs11" (a token or HSM) or "remote" (a signing service).
    SIGNING_MODE = os.environ.get("SIGNING_MODE", "server").strip().lower()
    SIGNING_PERSONAL = os.environ.get("SIGNING_PERSONAL", "pkcs11").strip().lower()
    SIGNING_PKCS11_MODULE = os.environ.get("SIGNING_PKCS11_MODULE", "")      # the vendor's PKCS#11 .so
    SIGNING_PKCS11_TOKEN_LABEL = os.environ.get("SIGNING_PKCS11_TOKEN_LABEL", "")
    SIGNING_PKCS11_KEY_LABEL = os.environ.get("SIGNING_PKCS11_KEY_LABEL", "")
    SIGNING_PKCS11_CERT_LABEL = os.environ.get("SIGNING_PKCS11_CERT_LABEL", "")   # empty: the key's label
    # the token's PIN: from the environment, or a file readable only by the app (never in the repository)
    SIGNING_PKCS11_PIN = os.environ.get("SIGNING_PKCS11_PIN")
    SIGNING_PKCS11_PIN_FILE = os.environ.get("SIGNING_PKCS11_PIN_FILE", "")
    SIGNING_REMOTE_URL = os.environ.get("SIGNING_REMOTE_URL", "")
    SIGNING_REMOTE_TOKEN = os.environ.get("SIGNING_REMOTE_TOKEN", "")
    SIGNING_REMOTE_TIMEOUT = float(os.environ.get("SIGNING_REMOTE_TIMEOUT", "30"))
    # PEM files of the roots a signature's chain must reach to be "trusted" (separated by commas); empty: the
    # chain is not checked. Production refuses a self-signed signing key unless SIGNING_ALLOW_SELF_SIGNED=1.
    SIGNING_TRUST_ROOTS = [p.strip() for p in os.environ.get("SIGNING_TRUST_ROOTS", "").split(",") if p.strip()]
    SIGNING_ALLOW_SELF_SIGNED = os.environ.get("SIGNING_ALLOW_SELF_SIGNED", "0") == "1"
    # The Ed25519 keys of the transparency log's checkpoints and of the certificates' credentials and QR statements
    # (certificates/public_keys.py, docs/transparency.md): empty means beside SIGNING_P12_PATH.
    LOG_KEY_PATH = os.environ.get("LOG_KEY_PATH", "")
    ISSUER_KEY_PATH = os.environ.get("ISSUER_KEY_PATH", "")
    # The transparency log (docs/transparency.md): its origin, the first line of every checkpoint and its key's name
    # ("" = our public address's host + "/nhat-ky"; set it before the first checkpoint and never change it), and how
    # often the job queue's workers sign a checkpoint when the log grew (seconds).
    LOG_ORIGIN = os.environ.get("LOG_ORIGIN", "")
    LOG_CHECKPOINT_SECONDS = int(os.environ.get("LOG_CHECKPOINT_SECONDS", "3600"))
    # Certificates: paper ("" = the layout's own: 400x300 Bằng khen, A4 Giấy khen; or a4, a3, 400x300),
    # colours and the default printer calibration in millimetres (+x right, +y down)
    CERTIFICATE_PAPER = os.environ.get("CERTIFICATE_PAPER", "")
    CERTIFICATE_OFFSET_X_MM = float(os.environ.get("CERTIFICATE_OFFSET_X_MM", "0"))
    CERTIFICATE_OFFSET_Y_MM = float(os.environ.get("CERTIFICATE_OFFSET_Y_MM", "0"))
    CERTIFICATE_RED = os.environ.get("CERTIFICATE_RED", "#c8102e")
    CERTIFICATE_GOLD = os.environ.get("CERTIFICATE_GOLD", "#b8860b")
    # Print batches: pages per chunk (bounds a worker's memory) and worker processes (the machine's cores)
    PRINT_CHUNK_PAGES = int(os.environ.get("PRINT_CHUNK_PAGES", "100"))
    PRINT_WORKERS = int(os.environ.get("PRINT_WORKERS", "2"))
    # A decision with more lines than this is issued at once and its PDFs signed in the background
    # (about 0.15 s each on two cores): the issuing request stays well under a proxy's timeout.
    SIGN_INLINE_MAX = int(os.environ.get("SIGN_INLINE_MAX", "40"))
    # An authority whose decision numbers come from the document-management system (its address and the name of
    # the REGISTER_TOKEN_… variable holding its token are set per authority by the administrator): how long issuing
    # waits for a number before it is refused (docs/decision-numbers.md)
    DOCUMENT_SYSTEM_TIMEOUT = float(os.environ.get("DOCUMENT_SYSTEM_TIMEOUT", "10"))
    # Background work (workflow/jobs): the queue that carries job ids to the workers. Empty: a SQLite file in
    # the instance folder (one machine, no extra server); redis://host:6379/0 when web and workers run on
    # several machines. The `job` table stays the record: a worker reports after each batch; one silent for
    # JOB_HEARTBEAT_STALE_SECONDS is taken for dead and its job given to another; every JOB_SWEEP_SECONDS each
    # worker hands the queue what it lost (again after JOB_REDISPATCH_SECONDS if still not taken).
    JOB_QUEUE_URL = os.environ.get("JOB_QUEUE_URL", "").strip()
    JOB_WORKERS = int(os.environ.get("JOB_WORKERS", "2"))
    JOB_SWEEP_SECONDS = float(os.environ.get("JOB_SWEEP_SECONDS", "20"))
    JOB_HEARTBEAT_STALE_SECONDS = float(os.environ.get("JOB_HEARTBEAT_STALE_SECONDS", "60"))
    JOB_REDISPATCH_SECONDS = float(os.environ.get("JOB_REDISPATCH_SECONDS", "60"))
    JOB_MAX_ATTEMPTS = int(os.environ.get("JOB_MAX_ATTEMPTS", "5"))
    # a job worker keeps its PRINT_WORKERS renderer processes between jobs (no start-up per decision)
    JOB_WARM_RENDERERS = os.environ.get("JOB_WARM_RENDERERS", "1") == "1"
    # Notifications by e-mail (docs/NOTIFICATIONS.md). No MAIL_SERVER: mail waits in the outbox (the notification
    # table) and every notification still shows in the in-app inbox; nothing errors. MAIL_SECURITY: "" (plain),
    # "starttls" or "ssl" (SMTPS, port 465). MAIL_FROM is the sender every message carries.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "").strip()
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_SECURITY = os.environ.get("MAIL_SECURITY", "").strip().lower()
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "Vinh danh <khong-tra-loi@vinhdanh.local>")
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", "30"))
    MAIL_BATCH = int(os.environ.get("MAIL_BATCH", "20"))                 # messages per heartbeat of the mail job
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "8"))    # per message, then "failed"
    # a message claimed this long ago by a worker that never reported is taken for lost and sent again (same
    # Message-ID): the one window in which a receiver may see it twice (docs/NOTIFICATIONS.md)
    MAIL_CLAIM_STALE_SECONDS = float(os.environ.get("MAIL_CLAIM_STALE_SECONDS", "300"))
    # reminders: how many working days before a deadline (`flask notifications remind`, run daily)
    REMIND_WORKING_DAYS = int(os.environ.get("REMIND_WORKING_DAYS", "2"))

    def __init__(self) -> None:
        self.SECRET_KEY = _secret_key()

    @property
    def IS_PRODUCTION(self) -> bool:
        return self.ENV_NAME == "production"


class ProductionConfig(Config):
    ENV_NAME = "production"
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "json")
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-session"
    # never the demo's placeholders on the real site
    AGENCY_NAME, AGENCY_NAME_EN, AGENCY_ADDRESS, AGENCY_HOTLINE, AGENCY_EMAIL = (os.environ.get(name, "") for name in (
        "AGENCY_NAME", "AGENCY_NAME_EN", "AGENCY_ADDRESS", "AGENCY_HOTLINE", "AGENCY_EMAIL"))


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SQLALCHEMY_ENGINE_OPTIONS = {}
    WTF_CSRF_ENABLED = True
    JOB_QUEUE_URL = os.environ.get("TEST_JOB_QUEUE_URL", "memory://")   # tests run the queue's tasks themselves
    JOB_WARM_RENDERERS = False   # a test's renderers end with its job
    LOG_LEVEL = None
    CACHE_TYPE = "SimpleCache"   # each test app its own, even when the environment names a Redis

    def __init__(self) -> None:
        self.SECRET_KEY = "test-only-" + secrets.token_hex(8)


def config_for(name: str | None) -> Config:
    name = name or os.environ.get("VINHDANH_ENV", "development")
    return {"production": ProductionConfig, "testing": TestingConfig}.get(name, Config)()
