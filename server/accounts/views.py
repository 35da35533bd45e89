"""`/auth/*` and `/me`: thin views over the accounts service."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from server.accounts import schemas
from server.accounts import service
from server.auth import bearer_token, current_account
from server.extensions import limiter
from server.headers import no_store

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="Sign-up, sign-in and tokens")
PUBLIC = {"security": []}


def _auth_rate_limit() -> str:
    return current_app.config["RAPPORT_AUTH_RATE_LIMIT"]


# Guessing passwords and codes, and mail-bombing, are done from few addresses at high rates.
throttled = limiter.limit(_auth_rate_limit)


@blp.route("/auth/signup")
class Signup(MethodView):
    @blp.doc(**PUBLIC)
    @throttled
    @blp.arguments(schemas.SignupSchema)
    @blp.response(201, schemas.TokenSchema)
    @no_store
    def post(self, body):
        """Create an organizer account (password) and sign in"""
        return service.signup(**body)


@blp.route("/auth/login")
class Login(MethodView):
    @blp.doc(**PUBLIC)
    @throttled
    @blp.arguments(schemas.LoginSchema)
    @blp.response(200, schemas.TokenSchema)
    @no_store
    def post(self, body):
        """Sign in with email and password"""
        return service.login(**body)


@blp.route("/auth/email-code")
class EmailCode(MethodView):
    @blp.doc(**PUBLIC)
    @throttled
    @blp.arguments(schemas.EmailCodeRequestSchema)
    @blp.response(202, schemas.AcceptedSchema)
    def post(self, body):
        """Mail a 6-digit sign-in code (same answer whether or not the address is known)"""
        service.request_email_code(**body)
        return {"detail": "If the address can receive mail, a code is on its way."}


@blp.route("/auth/email-code/verify")
class EmailCodeVerify(MethodView):
    @blp.doc(**PUBLIC)
    @throttled
    @blp.arguments(schemas.EmailCodeVerifySchema)
    @blp.response(200, schemas.TokenSchema)
    @no_store
    def post(self, body):
        """Exchange an emailed code for tokens (creates the account on first sign-in)"""
        return service.verify_email_code(**body)


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @blp.doc(**PUBLIC)
    @throttled
    @blp.arguments(schemas.RefreshSchema)
    @blp.response(200, schemas.TokenSchema)
    @no_store
    def post(self, body):
        """Rotate a refresh token into a new token pair"""
        return service.refresh(**body)


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Revoke this sign-in's access and refresh tokens"""
        current_account()
        service.logout(access_token=bearer_token())


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, schemas.AccountSchema)
    def get(self):
        """The signed-in account"""
        return current_account()
