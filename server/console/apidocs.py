"""Swagger UI's files for `/api/v1/docs`, served from the `swagger-ui-bundle-v2` package (Swagger UI 5, which reads OpenAPI 3.1): no CDN, so the
API documentation works at an offline venue."""
from __future__ import annotations

from flask import Blueprint, send_from_directory
from swagger_ui_bundle import swagger_ui_path

bp = Blueprint("apidocs", __name__, url_prefix="/api/v1/docs/assets")
ASSETS = ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css", "favicon-32x32.png")


@bp.route("/<any(" + ", ".join(f'"{name}"' for name in ASSETS) + "):name>")
def asset(name: str):
    return send_from_directory(swagger_ui_path, name, max_age=86400)
