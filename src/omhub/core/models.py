from django.db import models


class ScheduledRun(models.Model):
    """That a scheduled job was enqueued for one due time. The unique key lets several workers run the
    schedule at once while each job is still enqueued exactly once per due time."""

    job = models.CharField(max_length=80)
    due_key = models.CharField(max_length=40, help_text="The due time this run is for, e.g. 2026-11-22T02:00")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "due_key"], name="scheduledrun_once")]
        ordering = ["-enqueued_at"]

    def __str__(self):
        return f"{self.job} for {self.due_key}"
