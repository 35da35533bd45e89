"""Settings: RAPPORT_* variables, their *_FILE twins (container secrets) and what production requires."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from server import config

PRODUCTION = {
    "RAPPORT_ENV": "production",
    "RAPPORT_DATABASE_URL": "postgresql+psycopg://rapport@db/rapport",
    "RAPPORT_SECRET_KEY": "s3cret-key",
    "RAPPORT_PUBLIC_URL": "https://rapport.example.org",
    "RAPPORT_MAIL_BACKEND": "smtp",
    "RAPPORT_SMTP_HOST": "smtp.example.org",
}


@pytest.fixture
def env(monkeypatch):
    """A clean RAPPORT_* environment; returns a setter."""
    for name in config.SETTINGS:
        monkeypatch.delenv(f"RAPPORT_{name}", raising=False)
        monkeypatch.delenv(f"RAPPORT_{name}_FILE", raising=False)

    def set_env(values: dict[str, str]) -> None:
        for key, value in values.items():
            monkeypatch.setenv(key, value)
    return set_env


def test_production_with_everything_set_loads(env, tmp_path):
    env(PRODUCTION)
    loaded = config.load(str(tmp_path))
    assert loaded["SQLALCHEMY_DATABASE_URI"] == PRODUCTION["RAPPORT_DATABASE_URL"]
    assert loaded["RAPPORT_SMTP_HOST"] == "smtp.example.org"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("unset, named", [
    ("RAPPORT_DATABASE_URL", "RAPPORT_DATABASE_URL"),
    ("RAPPORT_SECRET_KEY", "RAPPORT_SECRET_KEY"),
    ("RAPPORT_PUBLIC_URL", "RAPPORT_PUBLIC_URL"),
    ("RAPPORT_SMTP_HOST", "RAPPORT_SMTP_HOST"),
])
def test_production_refuses_to_start_without(env, tmp_path, unset, named):
    env({k: v for k, v in PRODUCTION.items() if k != unset})
    with pytest.raises(config.ConfigError, match=named):
        config.load(str(tmp_path))


@pytest.mark.parametrize("mail, named", [
    ({"RAPPORT_MAIL_BACKEND": "memory"}, "RAPPORT_MAIL_BACKEND=smtp"),
    ({"RAPPORT_MAIL_BACKEND": "file"}, "RAPPORT_MAIL_DIR"),
    ({"RAPPORT_PUBLIC_URL": "rapport.example.org"}, "must start with https://"),
    ({"RAPPORT_SMTP_PORT": "submission"}, "RAPPORT_SMTP_PORT must be int"),
])
def test_production_rejects_bad_mail_and_urls(env, tmp_path, mail, named):
    env({**PRODUCTION, **mail})
    with pytest.raises(config.ConfigError, match=named):
        config.load(str(tmp_path))


def test_production_accepts_a_file_mail_drop(env, tmp_path):
    env({**PRODUCTION, "RAPPORT_MAIL_BACKEND": "file", "RAPPORT_MAIL_DIR": str(tmp_path / "drop")})
    assert config.load(str(tmp_path))["RAPPORT_MAIL_DIR"] == str(tmp_path / "drop")


def test_development_needs_nothing(env, tmp_path):
    loaded = config.load(str(tmp_path))
    assert loaded["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("name", config.FILE_SETTINGS)
def test_secrets_come_from_files(env, tmp_path, name):
    secret = tmp_path / f"{name.lower()}.txt"
    secret.write_text(" from-a-file \n")  # the newline of `echo x > file` is not part of it; spaces are
    values = {k: v for k, v in PRODUCTION.items() if k != f"RAPPORT_{name}"}
    env({**values, f"RAPPORT_{name}_FILE": str(secret)})
    assert config.load(str(tmp_path))[f"RAPPORT_{name}"] == " from-a-file "


def test_production_counts_file_secrets_as_set(env, tmp_path):
    (tmp_path / "db").write_text(PRODUCTION["RAPPORT_DATABASE_URL"])
    (tmp_path / "key").write_text("k")
    env({k: v for k, v in PRODUCTION.items() if k not in ("RAPPORT_DATABASE_URL", "RAPPORT_SECRET_KEY")})
    env({"RAPPORT_DATABASE_URL_FILE": str(tmp_path / "db"), "RAPPORT_SECRET_KEY_FILE": str(tmp_path / "key")})
    loaded = config.load(str(tmp_path))
    assert loaded["SECRET_KEY"] == "k"
    assert loaded["SQLALCHEMY_DATABASE_URI"] == PRODUCTION["RAPPORT_DATABASE_URL"]


@pytest.mark.parametrize("setup, message", [
    ({"RAPPORT_SECRET_KEY": "a", "RAPPORT_SECRET_KEY_FILE": "/run/secrets/key"}, "not both"),
    ({"RAPPORT_SMTP_PASSWORD_FILE": "/nonexistent/smtp_password"}, "RAPPORT_SMTP_PASSWORD_FILE='/nonexistent"),
])
def test_bad_secret_files_are_named(env, tmp_path, setup, message):
    env(setup)
    with pytest.raises(config.ConfigError, match=message):
        config.load(str(tmp_path))


def test_the_flask_command_explains_what_production_lacks(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RAPPORT_")}
    environment.update(RAPPORT_ENV="production", FLASK_APP="server")
    result = subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], env=environment, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "refuses to start without: RAPPORT_DATABASE_URL" in result.stderr


@pytest.mark.parametrize("setting, level", [(None, 2), ("normal", 1), ("OFF", 0)])
def test_sqlite_commits_wait_for_the_disk_unless_told_otherwise(env, tmp_path, setting, level):
    from server import create_app
    from server.extensions import db

    env({"RAPPORT_DATABASE_URL": f"sqlite:///{tmp_path}/sync.db", **(
        {"RAPPORT_SQLITE_SYNCHRONOUS": setting} if setting else {})})
    app = create_app({"MAIL_BACKEND": "memory"})
    with app.app_context():
        assert db.session.execute(db.text("PRAGMA synchronous")).scalar() == level
        db.engine.dispose()


def test_an_unknown_sqlite_synchronous_level_is_refused(env, tmp_path):
    env({"RAPPORT_SQLITE_SYNCHRONOUS": "sometimes"})
    with pytest.raises(config.ConfigError, match="RAPPORT_SQLITE_SYNCHRONOUS"):
        config.load(str(tmp_path))
