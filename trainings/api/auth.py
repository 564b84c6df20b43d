"""Who calls the API: the account of the request's bearer token, loaded by Flask-Login's
request_loader. A request to the API reads no cookie, so the pages' login (session or "rester
connecté·e" cookie) never opens it, and nothing writes one: the account is the current user
for this request only."""
from __future__ import annotations

import flask
from flask import Flask
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.utils import cached_property

from trainings.auth import tokens
from trainings.api.errors import API_PREFIX
from trainings.auth.models import TokenScope, User
from trainings.extensions import login_manager


class Request(flask.Request):
    """The app's requests: those to the API come without cookies."""

    @cached_property
    def cookies(self) -> ImmutableMultiDict[str, str]:
        if self.path.startswith(API_PREFIX):
            return ImmutableMultiDict()
        return super().cookies


def bearer_token(request: flask.Request) -> str | None:
    """The token of an "Authorization: Bearer <token>" header, if any."""
    credentials = request.authorization
    if credentials is None or credentials.type != "bearer" or not credentials.token:
        return None
    return credentials.token


def load_user_from_request(request: flask.Request) -> User | None:
    """The active account of an API request's token (the pages know only their login); the
    token's scope is kept for this request (token_scope)."""
    token = bearer_token(request) if request.path.startswith(API_PREFIX) else None
    row = tokens.active_token(token) if token else None
    if row is None:
        return None
    flask.g.api_token_scope = row.scope
    return row.user


def token_scope() -> TokenScope | None:
    """The scope of the token this API request was authenticated with."""
    return flask.g.get("api_token_scope")


def init_app(app: Flask) -> None:
    app.request_class = Request
    login_manager.request_loader(load_user_from_request)
