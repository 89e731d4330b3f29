"""``manage.py sync_tiktok``: enqueue today's TikTok snapshot of every connected profile.

Run it once a day (cron or a systemd timer, see the README); the worker takes the snapshots.
Profiles waiting for their owner to reconnect TikTok are left out.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from creators import tiktok_client
from creators.tasks import enqueue_daily_snapshots


class Command(BaseCommand):
    help = "Enqueue the daily TikTok snapshot of every connected profile."

    def handle(self, *args, **options) -> None:
        if not tiktok_client.is_configured():
            self.stdout.write("TikTok is not configured (TIKTOK_CLIENT_KEY …): nothing to do.")
            return
        count = enqueue_daily_snapshots()
        self.stdout.write(f"{count} TikTok snapshot(s) enqueued.")
