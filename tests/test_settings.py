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


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "s3cret-" * 8, "ALLOWED_HOSTS": "kb.example.org"}
NO_DATABASE_URL = "DATABASE_URL must be set when DEBUG is off (postgres://user@host:port/name); the embedded"


def run(args: list[str], env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests for this process, refused by check --deploy.
    dropped = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env)
    return subprocess.run(args, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=timeout)  # noqa: S603 (commands written in this file)


# manage.py's main() with the embedded server made to fail loudly if anything starts it.
MANAGE_WITHOUT_EMBEDDED = (
    "import sys, manage, electrolytes.devdb as d\n"
    "def started():\n"
    "    raise SystemExit('EMBEDDED POSTGRES STARTED')\n"
    "d.embedded_database_url = started\n"
    "sys.argv = ['manage.py'] + sys.argv[1:]\n"
    "manage.main()\n"
)


@pytest.mark.parametrize(
    "command", [["check"], ["migrate", "--noinput"], ["bootstrap"], ["collectstatic", "--noinput"]]
)
def test_manage_py_with_debug_off_never_starts_the_embedded_database(command):
    result = run([sys.executable, "-c", MANAGE_WITHOUT_EMBEDDED, *command], PRODUCTION)
    assert result.returncode != 0
    assert "EMBEDDED POSTGRES STARTED" not in result.stderr + result.stdout
    assert NO_DATABASE_URL in result.stderr


def test_manage_py_in_development_still_falls_back_to_the_embedded_database():
    result = run([sys.executable, "-c", MANAGE_WITHOUT_EMBEDDED, "check"], {})
    assert "EMBEDDED POSTGRES STARTED" in result.stderr


def test_devdb_refuses_to_print_a_url_with_debug_off():
    result = run([sys.executable, "-m", "electrolytes.devdb"], {"DEBUG": "0"})
    assert result.returncode == 1
    assert result.stdout == ""
    assert "The embedded PostgreSQL is not started with DEBUG off; set DATABASE_URL." in result.stderr


def test_make_prod_without_database_url_stops_at_the_settings_message():
    result = run(["make", "--no-print-directory", "prod"], {"SECRET_KEY": "s3cret-" * 8, "ALLOWED_HOSTS": "kb.x"})
    assert result.returncode != 0
    assert NO_DATABASE_URL in result.stderr
    # It stopped at the first step: no static files collected, no server started.
    assert "collectstatic" not in result.stdout and "gunicorn" not in result.stdout


def check_deploy(**env) -> subprocess.CompletedProcess:
    env = {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused", **env}
    return run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)


def test_check_deploy_is_clean_with_production_settings():
    result = check_deploy()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_names_what_a_variable_weakened():
    result = check_deploy(SECURE_HSTS_INCLUDE_SUBDOMAINS="0", SECURE_HSTS_PRELOAD="0", SECURE_COOKIES="0")
    assert result.returncode != 0
    for warning in ("security.W005", "security.W021", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_check_deploy_with_the_proxy_redirecting_silences_only_the_redirect_warning():
    result = check_deploy(TLS_PROXY_REDIRECTS="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


PRINT_SECURITY = (
    "import electrolytes.settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
    "s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "s.TRUSTED_PROXIES, s.REST_FRAMEWORK['NUM_PROXIES'])"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') 0 0"),
        (
            {"SECURE_HSTS_SECONDS": "3600", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "0", "SECURE_HSTS_PRELOAD": "no"},
            "True 3600 False False ('HTTP_X_FORWARDED_PROTO', 'https') 0 0",
        ),
        ({"TLS_PROXY_REDIRECTS": "1"}, "False 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') 0 0"),
        (
            {"TLS_PROXY_HEADER": "X-Forwarded-Scheme"},
            "True 31536000 True True ('HTTP_X_FORWARDED_SCHEME', 'https') 0 0",
        ),
        ({"TLS_PROXY_HEADER": ""}, "True 31536000 True True None 0 0"),
        ({"TRUSTED_PROXIES": "2"}, "True 31536000 True True ('HTTP_X_FORWARDED_PROTO', 'https') 2 2"),
    ],
)
def test_https_settings_follow_their_variables(env, expected):
    result = run(
        [sys.executable, "-c", PRINT_SECURITY],
        {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused", **env},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"TLS_PROXY_REDIRECTS": "1", "TLS_PROXY_HEADER": ""}, "TLS_PROXY_REDIRECTS=1 needs TLS_PROXY_HEADER"),
        ({"TRUSTED_PROXIES": "-1"}, "TRUSTED_PROXIES must be at least 0, got '-1'."),
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be an integer, got 'a year'."),
        ({"LOGIN_FAILURE_LIMIT": "0"}, "LOGIN_FAILURE_LIMIT must be at least 1, got '0'."),
        ({"LOGIN_LOCKOUT_MINUTES": "soon"}, "LOGIN_LOCKOUT_MINUTES must be an integer, got 'soon'."),
    ],
)
def test_security_variables_fail_loudly_on_bad_values(env, message):
    result = run(
        [sys.executable, "-c", PRINT_SECURITY],
        {**PRODUCTION, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused", **env},
    )
    assert result.returncode != 0
    assert message in result.stderr
