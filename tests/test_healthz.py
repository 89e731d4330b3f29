from __future__ import annotations

import pytest
from django.db import OperationalError, connection


@pytest.mark.django_db
def test_it_answers_ok_after_querying_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
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
