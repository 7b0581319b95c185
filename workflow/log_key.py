"""The transparency log's signer from the configuration: the log key (certificates/public_keys.py, LOG_KEY_PATH,
read once per process and file version) and the origin (urls.log_origin). For the views, the CLI and the job."""
from flask import Flask, current_app

from certificates.public_keys import LOG, KeyNotConfigured, PublicKey, signing_key

from .services.transparency_log import LogSigner
from .urls import log_origin


def log_signer(app: Flask | None = None) -> LogSigner:
    """KeyNotConfigured (its message says which setting and what to run) when the key file is missing."""
    app = app or current_app
    return LogSigner(signing_key(app.config, LOG), log_origin(app))


def log_public_key(app: Flask | None = None) -> PublicKey | None:
    """The log's public key, or None when no log key is configured here."""
    try:
        return log_signer(app).key.public
    except KeyNotConfigured:
        return None
