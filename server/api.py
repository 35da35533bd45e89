"""flask-smorest `Api` whose errors are problem+json, with the bearer scheme declared once."""
import functools
import http

import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from server import errors
from server.errors import PROBLEM_MIME


class RapportApi(Api):
    """Api that answers every HTTP error as RFC 9457 problem+json and documents its views lazily.

    Building the OpenAPI document is most of the cost of `create_app` (apispec resolves and deep-copies
    every schema of ~130 operations). Views are routed at once; they are added to the spec, in
    registration order, the first time anything reads `spec` (the JSON and docs routes, `flask openapi`),
    so an app that never serves its spec (a worker, a test) never pays for it.
    """

    _spec = None
    _undocumented: list = []

    @property
    def spec(self):
        pending, self._undocumented = self._undocumented, []
        for blp, app, name, parameters in pending:
            blp.register_views_in_doc(self, app, self._spec, name=name, parameters=parameters)
            self._spec.tag({"name": name, "description": blp.description})
        return self._spec

    @spec.setter
    def spec(self, value):
        self._spec = value
        self._undocumented = []

    def register_blueprint(self, blp, *, parameters=None, **options):
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented = [*self._undocumented, (blp, self._app, name, parameters)]

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)

    def _register_responses(self):
        # As flask-smorest's own, but errors are documented as RFC 9457 problem documents.
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_MIME)
            self.spec.components.response(status.name, response, lazy=True)
        default = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(default, self.spec, PROBLEM_MIME)
        self.spec.components.response("DEFAULT_ERROR", default, lazy=True)
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Opaque access token"}
        )


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every error response carries them."""

    class Meta:
        # RFC 9457 3.2: a problem type may add extension members (e.g. `checks` from /readyz).
        unknown = ma.INCLUDE

    type = ma.fields.String(metadata={"description": "URI that identifies the problem type"})
    title = ma.fields.String(metadata={"description": "Short summary of the problem type"})
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong this time"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field name -> messages, for invalid input"},
    )


RapportApi.ERROR_SCHEMA = ProblemSchema  # documented as `Problem`


def schema_name(schema) -> str:
    """Spec component names: `EventInputSchema(partial=True)` becomes `EventInputPatch`."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type) and schema.partial:
        name += "Patch"
    return name


def spec_kwargs() -> dict:
    """Settings of the OpenAPI spec: schema names without the `Schema` suffix."""
    return {"marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name)}


def documented_only(*decorators):
    """flask-smorest's view decorators for the API documentation only: the view parses its input and writes
    its answer itself (a hot path, where their work per request cost more than the rest of the view). They
    decorate a stand-in, so the view itself runs unwrapped."""
    def document(view):
        stand_in = functools.wraps(view)(lambda *args, **kwargs: None)
        for decorator in reversed(decorators):
            stand_in = decorator(stand_in)
        view._apidoc = stand_in._apidoc
        return view
    return document
