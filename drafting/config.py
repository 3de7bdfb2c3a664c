"""Configuration read from the environment.

`DATABASE_URL` chooses the database (SQLite under `instance/` by default,
PostgreSQL in production), `SECRET_KEY` signs sessions and `MAIL_*` configure
the outgoing SMTP server. `DRAFTING_ENV=production` refuses to start without a
secret key and marks the session cookie Secure.
"""
import os
from pathlib import Path


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


def from_environment(instance_path: str) -> dict:
    production = os.environ.get("DRAFTING_ENV", "development") == "production"
    secret_key = os.environ.get("SECRET_KEY")
    if production and not secret_key:
        raise ConfigurationError(
            "SECRET_KEY must be set when DRAFTING_ENV=production "
            "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    default_db = "sqlite:///" + str(Path(instance_path) / "drafting.sqlite")
    return {
        "DRAFTING_ENV": "production" if production else "development",
        "SECRET_KEY": secret_key or "development-only-secret-key",
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
        # Pages shown again from store (drafting/page_cache.py): in each
        # worker's memory, or in Redis shared by every server.
        "PAGE_CACHE_ENABLED": _flag("PAGE_CACHE", True),
        "CACHE_TYPE": "RedisCache" if os.environ.get("CACHE_REDIS_URL") else "SimpleCache",
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL"),
        "CACHE_KEY_PREFIX": "drafting:",
        "CACHE_DEFAULT_TIMEOUT": int(os.environ.get("PAGE_CACHE_SECONDS", "60")),
        "CACHE_THRESHOLD": int(os.environ.get("PAGE_CACHE_PAGES", "500")),
        "INACTIVITY_TIMEOUT_SECONDS": int(os.environ.get("INACTIVITY_TIMEOUT_MINUTES", "120")) * 60,
        "PERMANENT_SESSION_LIFETIME": int(os.environ.get("INACTIVITY_TIMEOUT_MINUTES", "120")) * 60,
        "RATE_LIMITS_ENABLED": _flag("RATE_LIMITS_ENABLED", True),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
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
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL"),
        # Reverse proxies in front of the application (their X-Forwarded-* headers are trusted).
        "PROXY_COUNT": int(os.environ.get("PROXY_COUNT", "0")),
    }
