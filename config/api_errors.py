"""The JSON APIs answer their errors in JSON too: a 404, a 405, a 500, never an HTML page."""

from __future__ import annotations

import logging
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger("django.request")

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "Vary")


def _json_error(status: int) -> JsonResponse:
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return JsonResponse(
        {"error": phrase.lower().replace(" ", "_").replace("-", "_")}, status=status
    )


class ApiErrorsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            replacement = _json_error(response.status_code)
            for header in KEPT_HEADERS:
                if header in response:
                    replacement[header] = response[header]
            return replacement
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not request.path.startswith(API_PREFIX):
            return None
        # What Django's handler would log; the client learns nothing of the internals.
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        return _json_error(500)
