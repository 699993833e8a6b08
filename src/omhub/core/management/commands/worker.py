import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from omhub.core.scheduling import configured_jobs, enqueue_due_jobs

log = logging.getLogger("omhub.worker")


class Command(BaseCommand):
    help = ("Run background work: the scheduled jobs (the nightly audit chain check, the daily casework reminders) "
            "and the task queue. "
            "Run one or more beside the app servers; each job is still enqueued once per due time.")

    def add_arguments(self, parser):
        parser.add_argument("--schedule-interval", type=int, default=60,
                            help="Seconds between looks at the schedule (default 60)")
        parser.add_argument("--no-schedule", action="store_true", help="Run tasks only, not the schedule")
        parser.add_argument("--max-tasks", type=int, default=None, help="Stop after this many tasks")
        parser.add_argument("--once", action="store_true",
                            help="Enqueue what is due now, run the queue until it is empty, then stop")

    def handle(self, *args, schedule_interval=60, no_schedule=False, max_tasks=None, once=False, **options):
        jobs = configured_jobs()
        self.stdout.write("Scheduled jobs: " + ", ".join(f"{job.name} daily at {job.at:%H:%M}" for job in jobs))
        if once:
            enqueued = enqueue_due_jobs()
            self.stdout.write(f"Enqueued: {', '.join(enqueued) or 'nothing due'}")
            call_command("db_worker", "--batch", "--no-startup-delay")
            return
        if not no_schedule:
            stop = threading.Event()
            threading.Thread(target=self._schedule_loop, args=(stop, schedule_interval), daemon=True,
                             name="omhub-schedule").start()
        worker_args = ["--no-startup-delay"] + (["--max-tasks", str(max_tasks)] if max_tasks else [])
        call_command("db_worker", *worker_args)

    def _schedule_loop(self, stop: threading.Event, interval: int) -> None:
        while not stop.is_set():
            try:
                for name in enqueue_due_jobs():
                    log.info("enqueued scheduled job %s", name)
            except Exception:  # noqa: BLE001 - a failed look at the schedule must not stop the worker
                log.exception("could not enqueue scheduled jobs")
            finally:
                close_old_connections()
            stop.wait(interval)
