from __future__ import annotations

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_it_answers_ok_after_querying_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.django_db
def test_it_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert b"ok" not in response.content


def test_it_refuses_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_it_answers_503_when_the_database_refuses_writes(client):
    """A read-only database: SQLite's query_only, PostgreSQL's read-only transactions."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("SET default_transaction_read_only = on")
    try:
        response = client.get("/healthz")
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA query_only = OFF")
            else:
                cursor.execute("SET default_transaction_read_only = off")
    assert response.status_code == 503
    assert response.content == b"database refuses writes"


@pytest.mark.django_db(transaction=True)
def test_the_write_probe_changes_nothing(client):
    from django.db.migrations.recorder import MigrationRecorder

    before = list(MigrationRecorder.Migration.objects.values_list("id", "app", "name", "applied"))
    assert client.get("/healthz").status_code == 200
    after = list(MigrationRecorder.Migration.objects.values_list("id", "app", "name", "applied"))
    assert after == before
