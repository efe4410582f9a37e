from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobseekersConfig(AppConfig):
    name = "jobseekers"
    verbose_name = _("Job seekers")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.signals import member_signed_up
        from jobseekers.services import on_member_signed_up

        member_signed_up.connect(on_member_signed_up, dispatch_uid="jobseekers.profile_on_sign_up")

        from jobseekers import models

        # The NIK is masked in the trail's change entries: the trail is for accountability, not a copy.
        auditlog.register(models.JobSeeker, mask_fields=["nik"], m2m_fields={"skills", "occupations", "accommodations"})
        auditlog.register(models.FunctioningAnswer)
        for model in (
            models.Education,
            models.Training,
            models.Experience,
            models.CounsellingNote,
            models.ConsentRecord,
            models.DisclosureRecord,
            models.Document,
            models.RightsRequest,
        ):
            auditlog.register(model)
