"""Job seekers. The accounts issue adds the link to a login and the WG-SS functioning answers;
the job-seeker issue adds the rest of the profile (needs, consent, documents)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel
from reference.models import WGDomain


class JobSeeker(CityOwnedModel):
    """A person with a disability registered with a city's IJC (a tenant row: one city only).

    ``user`` is the person's own login, when they have one (staff may register people who don't).
    ``wg_disability`` is the WG-SS DISABILITY3 statistic (any domain "a lot of difficulty" or worse),
    stored for statistics and never used as a gate; ``None`` until all six answers are known.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=255)
    wg_disability = models.BooleanField(_("WG disability (a lot of difficulty or worse in any domain)"), null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        indexes = [models.Index(fields=["city", "name"], name="jobseeker_city_name_idx")]
        constraints = [models.UniqueConstraint(fields=["city", "user"], name="jobseeker_one_profile_per_user")]

    def __str__(self) -> str:
        return self.name


class FunctioningAnswer(CityOwnedModel):
    """One WG-SS answer: the difficulty a person has in one domain (Washington Group Short Set).

    ``code``: 1 no difficulty, 2 some, 3 a lot, 4 cannot do at all; 7 refused, 9 don't know
    (``reference.WGResponseOption``). Functioning, not diagnosis (DOMAIN.md).
    """

    class Code(models.IntegerChoices):
        NO_DIFFICULTY = 1, _("No difficulty")
        SOME = 2, _("Some difficulty")
        A_LOT = 3, _("A lot of difficulty")
        CANNOT = 4, _("Cannot do at all")
        REFUSED = 7, _("Refused to answer")
        DONT_KNOW = 9, _("Don't know")

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="functioning")
    domain = models.CharField(_("domain"), max_length=20, choices=WGDomain)
    code = models.PositiveSmallIntegerField(_("answer"), choices=Code)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("functioning answer (WG-SS)")
        verbose_name_plural = _("functioning answers (WG-SS)")
        constraints = [
            models.UniqueConstraint(fields=["city", "job_seeker", "domain"], name="functioning_one_answer_per_domain")
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_code_display()}"
