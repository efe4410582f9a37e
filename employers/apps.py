from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Employers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from employers.models import Employer, EmployerMember, EmployerService, Interest, QuotaReport, Vacancy

        # Who verified, published, closed or changed what, and when (the audit trail, accounts.audit).
        # PublishedVacancy is public data derived from Vacancy and is not logged separately.
        for model in (Employer, EmployerMember, QuotaReport, Vacancy, EmployerService, Interest):
            auditlog.register(model)
