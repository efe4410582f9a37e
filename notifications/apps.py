from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts.signals import account_closed
        from notifications.services import on_account_closed

        account_closed.connect(on_account_closed, dispatch_uid="notifications.cancel_on_account_closed")
        # Register the relay and sweep tasks in every process: services publish them by name.
        from notifications import tasks  # noqa: F401
