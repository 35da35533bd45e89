"""Request and response bodies of the auth and `me` endpoints."""
import marshmallow as ma

from server.fields import Trimmed, UTCDateTime

EMAIL = dict(required=True, validate=ma.validate.Length(max=254))


class SignupSchema(ma.Schema):
    email = ma.fields.Email(**EMAIL)
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=10, max=256),
                                load_only=True, metadata={"description": "10-256 characters"})
    name = Trimmed(required=True, validate=ma.validate.Length(min=1, max=120))


class LoginSchema(ma.Schema):
    email = ma.fields.Email(**EMAIL)
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=256), load_only=True)


class EmailCodeRequestSchema(ma.Schema):
    email = ma.fields.Email(**EMAIL)


class EmailCodeVerifySchema(ma.Schema):
    email = ma.fields.Email(**EMAIL)
    code = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^\d{6}$", error="Six digits."))


class RefreshSchema(ma.Schema):
    refresh_token = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    refresh_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"description": "Always `Bearer`"})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "Access token lifetime, seconds"})


class AcceptedSchema(ma.Schema):
    detail = ma.fields.String(required=True)


class AccountSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    can_organize = ma.fields.Boolean(dump_only=True)
    created_at = UTCDateTime(dump_only=True)
