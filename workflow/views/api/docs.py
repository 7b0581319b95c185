"""The API's description: the OpenAPI 3.1 document (machines) and a page listing every endpoint with its
parameters and a curl example (people). Both are served from the same data (views/api/openapi.py); no asset
comes from another site."""
import json

from flask import render_template, request

from ...urls import public_base_url
from . import as_json, bp
from .openapi import PATHS, PROPOSAL_EXAMPLE, document


@bp.get("/openapi.json")
def openapi():
    return as_json(document(_server()))


@bp.get("/docs")
def docs():
    operations = [(path, method, op) for path, item in PATHS.items() for method, op in item.items()]
    return render_template("api/docs.html", operations=operations, server=_server(),
                           proposal_example=json.dumps(PROPOSAL_EXAMPLE, ensure_ascii=False, indent=2))


def _server() -> str:
    return (public_base_url() or request.host_url.rstrip("/")) + "/api/v1"
