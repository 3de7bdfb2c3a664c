"""Configuration read from the environment.

`DATABASE_URL` chooses the database (SQLite under `instance/` by default,
PostgreSQL in production), `SECRET_KEY` signs sessions, `PUBLIC_BASE_URL` is
the address every link in an e-mail starts with, and `MAIL_*` configure the
outgoing SMTP server.

`settle` completes the configuration once the application's own settings are
in, and refuses what would be unsafe:

- `DRAFTING_ENV=production` needs `SECRET_KEY`, an https `PUBLIC_BASE_URL`
  and a rate-limit store shared by every worker (`RATELIMIT_STORAGE_URI`),
  and marks the cookies Secure.
- Without `SECRET_KEY` the application starts only in tests or under the
  Flask command line (`flask run`, `make run`), which keeps a random key of
  the instance in `instance/secret_key`.
- Requests are answered only for the hosts of `TRUSTED_HOSTS`, by default the
  host of a configured `PUBLIC_BASE_URL`; others get 400.
"""
import os
import secrets
import stat
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(RuntimeError):
    """The application cannot start with the configuration it was given."""


def normalise_database_url(url: str) -> str:
    """Make the URLs hosting providers hand out usable by SQLAlchemy and psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> list[str] | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def from_environment(instance_path: str) -> dict:
    production = os.environ.get("DRAFTING_ENV", "development") == "production"
    default_db = "sqlite:///" + str(Path(instance_path) / "drafting.sqlite")
    return {
        "DRAFTING_ENV": "production" if production else "development",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(
            os.environ.get("DATABASE_URL", default_db)
        ),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        # How long a page's ETag holds at most, and how long a proxy may keep
        # a visitor's page (drafting/freshness.py).
        "PAGE_FRESH_SECONDS": int(os.environ.get("PAGE_FRESH_SECONDS", "60")),
        # Pieces of pages drawn once for everyone (drafting/page_cache.py): in
        # each worker's memory, or in Redis shared by every server.
        "PIECE_CACHE_ENABLED": _flag("PIECE_CACHE", True),
        "CACHE_TYPE": "RedisCache" if os.environ.get("CACHE_REDIS_URL") else "SimpleCache",
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL"),
        "CACHE_KEY_PREFIX": "drafting:",
        "CACHE_DEFAULT_TIMEOUT": int(os.environ.get("PIECE_CACHE_SECONDS", "300")),
        "CACHE_THRESHOLD": int(os.environ.get("PIECE_CACHE_ENTRIES", "2000")),
        "INACTIVITY_TIMEOUT_SECONDS": int(os.environ.get("INACTIVITY_TIMEOUT_MINUTES", "120")) * 60,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("INACTIVITY_TIMEOUT_MINUTES", "120")) * 60,
        "RATE_LIMITS_ENABLED": _flag("RATE_LIMITS_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI") or None,
        "ACCOUNT_RETENTION_DAYS": int(os.environ.get("ACCOUNT_RETENTION_DAYS", "1095")),
        "BABEL_DEFAULT_LOCALE": "fi",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Helsinki",
        "LANGUAGES": ("fi", "sv", "en"),
        # Uploads of DOCX files up to 20 MB; other form fields up to 1 MB each.
        "MAX_CONTENT_LENGTH": 21 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS"),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "Ohjeverstas <noreply@localhost>"
        ),
        "MAIL_SEND_AFTER_REQUEST": _flag("MAIL_SEND_AFTER_REQUEST", True),
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or None,
        "TRUSTED_HOSTS": _list("TRUSTED_HOSTS"),
        # Reverse proxies in front of the application: the client's address and
        # protocol are taken from their X-Forwarded-For and -Proto headers.
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
    }


DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
# The Flask test client asks for http://localhost/ unless told otherwise.
TESTING_BASE_URL = "http://localhost"
# A key once published (earlier versions signed every development session
# with it) signs nothing any more.
PUBLISHED_SECRET_KEYS = frozenset({"development-only-secret-key"})
MINIMUM_PRODUCTION_SECRET = 32
SECRET_KEY_FILE = "secret_key"


def settle(config, instance_path: str) -> None:
    """Complete `config` in place and check it; every problem found is named
    in one `ConfigurationError`."""
    production = config.get("DRAFTING_ENV") == "production"
    problems = []
    for check in (_settle_secret_key, _settle_public_base_url, _settle_rate_limit_storage):
        problem = check(config, production, instance_path)
        if problem:
            problems.append(problem)
    if problems:
        raise ConfigurationError("\n".join(problems))


def _under_flask_command_line() -> bool:
    """`flask run`, `flask db upgrade` and the other commands of the Flask
    command line mark their process; gunicorn and other servers do not."""
    return os.environ.get("FLASK_RUN_FROM_CLI") == "true"


def _settle_secret_key(config, production: bool, instance_path: str) -> str | None:
    key = config.get("SECRET_KEY")
    testing = bool(config.get("TESTING"))
    if key:
        if key in PUBLISHED_SECRET_KEYS and not testing:
            return "SECRET_KEY is a published example value; set a long random one of your own " \
                   "(python -c 'import secrets; print(secrets.token_hex(32))')."
        if production and len(key) < MINIMUM_PRODUCTION_SECRET:
            return f"SECRET_KEY must be at least {MINIMUM_PRODUCTION_SECRET} characters long when " \
                   "DRAFTING_ENV=production (python -c 'import secrets; print(secrets.token_hex(32))')."
        return None
    if production:
        return "SECRET_KEY must be set when DRAFTING_ENV=production " \
               "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
    if testing:
        config["SECRET_KEY"] = secrets.token_hex(32)
        return None
    if _under_flask_command_line():
        try:
            config["SECRET_KEY"] = instance_secret_key(Path(instance_path) / SECRET_KEY_FILE)
        except ConfigurationError as error:
            return str(error)
        return None
    return "SECRET_KEY is not set. Set it to a long random value " \
           "(python -c 'import secrets; print(secrets.token_hex(32))'). Without it the application " \
           "starts only in tests or under the Flask command line (flask run, make run), " \
           f"which keeps a random key in {Path(instance_path) / SECRET_KEY_FILE}."


def instance_secret_key(path: Path) -> str:
    """The instance's own random secret, created on first use readable by its
    owner alone; every process of the instance reads the same one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32) + "\n")
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise ConfigurationError(f"{path} may be read by other users than its owner; "
                                 f"run: chmod 600 {path}")
    key = path.read_text().strip()
    if len(key) < MINIMUM_PRODUCTION_SECRET:
        raise ConfigurationError(f"{path} does not hold a secret key of at least "
                                 f"{MINIMUM_PRODUCTION_SECRET} characters; delete it and a new one is made.")
    return key


def _settle_public_base_url(config, production: bool, instance_path: str) -> str | None:
    """Links in e-mails start with PUBLIC_BASE_URL, never with a request's Host;
    a configured address also names the one host requests are answered for."""
    given = config.get("PUBLIC_BASE_URL")
    if not given:
        if production:
            return "PUBLIC_BASE_URL must be set when DRAFTING_ENV=production: the address at which " \
                   "people reach the service, such as https://ohjeverstas.example.fi. Every link in " \
                   "the e-mails (password resets, invitations, notices) starts with it."
        config["PUBLIC_BASE_URL"] = TESTING_BASE_URL if config.get("TESTING") else DEVELOPMENT_BASE_URL
        return None
    parts = urlsplit(given.strip())
    schemes = ("https",) if production else ("http", "https")
    if (parts.scheme not in schemes or not parts.hostname or parts.username is not None
            or parts.password is not None or parts.query or parts.fragment):
        return f"PUBLIC_BASE_URL must be an address such as https://ohjeverstas.example.fi " \
               f"({' or '.join(schemes)}, a host, optionally a path; no query or user), not {given!r}."
    try:
        port_is_valid = parts.port is None or parts.port > 0
    except ValueError:
        port_is_valid = False
    if not port_is_valid:
        return f"PUBLIC_BASE_URL has an invalid port: {given!r}."
    config["PUBLIC_BASE_URL"] = f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/')}"
    trusted = config.get("TRUSTED_HOSTS")
    if not trusted:
        config["TRUSTED_HOSTS"] = [parts.hostname]
    elif not any(_host_matches(parts.hostname, host) for host in trusted):
        config["TRUSTED_HOSTS"] = [*trusted, parts.hostname]
    return None


def _host_matches(hostname: str, trusted: str) -> bool:
    trusted = trusted.split(":")[0].lower()
    if trusted.startswith("."):
        return hostname == trusted[1:] or hostname.endswith(trusted)
    return hostname == trusted


def _settle_rate_limit_storage(config, production: bool, instance_path: str) -> str | None:
    """Rate limits count in memory on the development server; in production they
    count in a store every worker and server shares."""
    from limits.storage import SCHEMES

    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    config["RATELIMIT_STORAGE_URI"] = uri
    scheme = uri.split("://", 1)[0] if "://" in uri else ""
    if scheme not in SCHEMES or scheme.startswith("async+"):
        shared = sorted(name for name in SCHEMES if name != "memory" and not name.startswith("async+"))
        return f"RATELIMIT_STORAGE_URI {uri!r} is not a store the rate limits can use; " \
               f"use one of {', '.join(shared)}, for example redis://127.0.0.1:6379/2."
    if scheme == "memory":
        config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = False
        if production and config.get("RATE_LIMITS_ENABLED", True):
            return "RATELIMIT_STORAGE_URI must name a store shared by every worker and server when " \
                   "DRAFTING_ENV=production, such as redis://127.0.0.1:6379/2: with memory:// each " \
                   "worker counts apart, and four workers would allow four times every limit."
        return None
    # When the shared store cannot be reached, each worker goes on counting in
    # its own memory rather than failing the request.
    config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"] = True
    return None
