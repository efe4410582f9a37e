from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from jobseekers.models import FunctioningAnswer, JobSeeker

        auditlog.register(JobSeeker)
        auditlog.register(FunctioningAnswer)
