"""``manage.py run_worker``: the task worker that matches the TASKS setting, in the foreground.

The database backend (default) runs django-tasks-db's ``db_worker``; RQ (``REDIS_URL`` set)
runs django-rq's ``rqworker`` with django-tasks-rq's job class. Before it starts, the work an
interrupted worker left (recalculation batches not finished) is enqueued again. The worker runs
at a lower CPU priority (``--nice``, 10 by default): on a machine shared with app servers,
requests come first and background work takes what is left.
"""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from creators import recalculation


class Command(BaseCommand):
    help = "Run the task worker of the configured backend (database or RQ) in the foreground."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--burst", action="store_true", help="Run every task waiting, then exit."
        )
        parser.add_argument(
            "--nice",
            type=int,
            default=10,
            help="Lower the worker's CPU priority by this much, so requests on the same machine "
            "come first (default: 10; 0 keeps it).",
        )

    def handle(self, *args, burst: bool = False, nice: int = 10, **options) -> None:
        if nice > 0:
            os.nice(nice)
        resumed = recalculation.resume()
        if resumed:
            self.stdout.write(f"Enqueued again {resumed} unfinished task(s).")
        backend = type(task_backends[DEFAULT_TASK_BACKEND_ALIAS]).__module__
        verbosity = options["verbosity"]
        if backend.startswith("django_tasks_rq"):
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                # One process: a job runs in the worker itself, so stopping it stops the job.
                worker_class="rq.worker.SimpleWorker",
                burst=burst,
                verbosity=verbosity,
            )
        elif backend.startswith("django_tasks_db"):
            call_command(
                "db_worker",
                queue_name="*",
                batch=burst,
                reload=False,
                startup_delay=False,
                verbosity=verbosity,
            )
        else:
            self.stdout.write(
                f"The {backend} task backend runs its tasks itself: no worker to start."
            )
