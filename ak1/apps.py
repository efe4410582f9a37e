from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Ak1Config(AppConfig):
    name = "ak1"
    verbose_name = _("AK/1 job-seeker cards")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ak1 import receivers

        receivers.connect()
