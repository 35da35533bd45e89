"""flask-smorest `Api` whose errors are problem+json, with the bearer scheme declared once."""
import marshmallow as ma
from flask_smorest import Api

from server import errors


class RapportApi(Api):
    """Api that answers every HTTP error as RFC 9457 problem+json."""

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)

    def _register_responses(self):
        super()._register_responses()
        self.spec.components.security_scheme(
            "bearerAuth", {"type": "http", "scheme": "bearer", "description": "Opaque access token"}
        )


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details, as every error response carries them."""

    type = ma.fields.String(metadata={"description": "URI that identifies the problem type"})
    title = ma.fields.String(metadata={"description": "Short summary of the problem type"})
    status = ma.fields.Integer(metadata={"description": "HTTP status code"})
    detail = ma.fields.String(metadata={"description": "What went wrong this time"})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Field name -> messages, for invalid input"},
    )


RapportApi.ERROR_SCHEMA = ProblemSchema
