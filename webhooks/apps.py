from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Connect to the signals of the lower apps (employers, placements); see webhooks/receivers.py.
        from auditlog.registry import auditlog

        from webhooks import receivers
        from webhooks.models import WebhookEndpoint

        receivers.connect()
        # Register the relay and sweep tasks in every process: services publish them by name.
        from webhooks import tasks  # noqa: F401

        # Who registered, changed, paused or deleted an endpoint; never the secret, nor the relay's counters.
        auditlog.register(
            WebhookEndpoint,
            exclude_fields=["secret_encrypted", "consecutive_failures", "last_success_at", "last_failure_at"],
        )
