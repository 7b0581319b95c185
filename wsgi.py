"""WSGI entry point: `flask --app wsgi run`, or any WSGI server pointing at `wsgi:app`."""
import gc

from workflow import create_app

app = create_app()
# What loading the app made (modules, mappers, compiled statements) lives as long as the process: kept out
# of the garbage collector's walks, whose full collections otherwise pause a request for 60-70 ms over
# ~160,000 objects (the register page's p99 at two connections: 60 ms before, 6 ms after; bench/register.py).
gc.freeze()
