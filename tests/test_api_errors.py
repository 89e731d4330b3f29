"""The JSON APIs answer every error in JSON: 404, 405, and a 500 that leaks nothing."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import path

from config.urls import urlpatterns as project_urls


def broken_api(request):
    raise RuntimeError("secret internals: DATABASE_PASSWORD=hunter2")


urlpatterns = [path("api/broken", broken_api), *project_urls]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_an_api_crash_answers_json_500_and_is_logged(client, caplog):
    client.raise_request_exception = False
    response = client.get("/api/broken")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "internal_server_error"}
    assert "hunter2" not in response.text
    assert "RuntimeError" in caplog.text


@pytest.mark.django_db
def test_a_wrong_method_answers_json_405_with_allow(client):
    response = client.post("/api/estimate")
    assert response.status_code == 405
    assert response.json() == {"error": "method_not_allowed"}
    assert "GET" in response["Allow"]


@pytest.mark.django_db
def test_an_unknown_api_address_answers_json_404(client):
    response = client.get("/api/nope")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found"}


@pytest.mark.django_db
def test_the_api_s_own_400_is_kept(client):
    response = client.get("/api/estimate?followers=-1")
    assert response.status_code == 400
    assert "followers" in response.json()["errors"]


@pytest.mark.django_db
def test_pages_keep_their_html_errors(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
