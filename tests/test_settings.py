"""Production settings refuse to start without their secrets; development needs nothing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.update(env)
    clean.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/unused")
    return subprocess.run(
        [sys.executable, "-c", "import electrolytes.settings as s; print(s.DEBUG, s.ALLOWED_HOSTS)"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0", "ALLOWED_HOSTS": "kb.example.org"}, "SECRET_KEY must be set when DEBUG is off."),
        ({"DEBUG": "0", "SECRET_KEY": "s3cret-" * 8}, "ALLOWED_HOSTS must be set when DEBUG is off"),
        (
            {
                "DEBUG": "0",
                "SECRET_KEY": "dev-only-insecure-key-never-used-with-debug-off",
                "ALLOWED_HOSTS": "kb.example.org",
            },
            "SECRET_KEY is the development key",
        ),
        ({"DEBUG": "maybe"}, "DEBUG must be one of 1/0/true/false/yes/no/on/off, got 'maybe'."),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "DATABASE_URL must point at PostgreSQL"),
        ({"DATABASE_URL": ""}, "DATABASE_URL is not set."),
    ],
)
def test_settings_fail_loudly_on_missing_or_bad_values(env, message):
    result = load_settings(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_load_with_everything_given():
    result = load_settings(DEBUG="0", SECRET_KEY="s3cret-" * 8, ALLOWED_HOSTS="kb.example.org, www.kb.example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['kb.example.org', 'www.kb.example.org']"


def test_development_settings_need_no_variables():
    result = load_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("True ['127.0.0.1', 'localhost'")
