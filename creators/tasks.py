"""Background tasks (Django's tasks framework): the daily TikTok snapshot of one profile.

``manage.py sync_tiktok`` enqueues one per connected profile (run it daily from cron or a
systemd timer). A 429 or a 5xx is retried later by enqueueing the task again with ``run_after``
(when the backend can defer; Django's immediate backend cannot, so the next daily run is the
retry there), with an exponential backoff that starts at TikTok's one-minute rate window, so a
retry never lands in the window that refused it. An expired or revoked token marks the profile
"reconnect TikTok" and stops.
"""

from __future__ import annotations

import datetime

from cryptography.fernet import InvalidToken
from django.tasks import task, task_backends
from django.utils import timezone

from creators import tiktok_sync
from creators.models import TikTokConnection
from creators.tiktok_client import TikTokError

MAX_ATTEMPTS = 5
RATE_WINDOW = datetime.timedelta(minutes=1)  # TikTok's sliding window for its rate limits
SERVER_ERROR_DELAY = datetime.timedelta(seconds=30)
MAX_DELAY = datetime.timedelta(hours=1)


def retry_delay(attempt: int, error: TikTokError) -> datetime.timedelta:
    """Wait before attempt ``attempt + 1``: doubling each time, at most an hour."""
    rate_limited = error.code == "rate_limit_exceeded" or error.status == 429
    base = RATE_WINDOW if rate_limited else SERVER_ERROR_DELAY
    return min(base * 2 ** (attempt - 1), MAX_DELAY)


@task
def sync_tiktok_profile(profile_id: int, attempt: int = 1) -> str:
    """Take today's snapshot of one connected profile; say what happened."""
    connection = (
        TikTokConnection.objects.select_related("profile").filter(profile_id=profile_id).first()
    )
    if connection is None or connection.needs_reconnect:
        return "skipped"
    try:
        tiktok_sync.take_snapshot(connection)
    except InvalidToken:  # the token key changed: what is stored cannot be read any more
        tiktok_sync.mark_reconnect(connection, "token_unreadable")
        return "reconnect"
    except TikTokError as error:
        connection.refresh_from_db()
        if error.needs_reconnect:
            tiktok_sync.mark_reconnect(connection, error.code)
            return "reconnect"
        connection.last_error_code = error.code
        connection.last_error_at = timezone.now()
        connection.retry_at = None
        outcome = "failed"
        backend = task_backends[sync_tiktok_profile.backend]
        if error.retryable and attempt < MAX_ATTEMPTS and backend.supports_defer:
            run_after = timezone.now() + retry_delay(attempt, error)
            sync_tiktok_profile.using(run_after=run_after).enqueue(profile_id, attempt + 1)
            connection.retry_at = run_after
            outcome = "retry"
        connection.save()
        return outcome
    return "ok"


def enqueue_daily_snapshots() -> int:
    """One task per connected profile (not those waiting for a reconnection)."""
    profile_ids = TikTokConnection.objects.filter(
        status=TikTokConnection.Status.ACTIVE
    ).values_list("profile_id", flat=True)
    count = 0
    for profile_id in profile_ids:
        sync_tiktok_profile.enqueue(profile_id)
        count += 1
    return count
