"""Job seekers. The full profile (WG-SS, needs, consent, documents) comes with the job-seeker issue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cities.models import CityOwnedModel


class JobSeeker(CityOwnedModel):
    """A person with a disability registered with a city's IJC (a tenant row: one city only)."""

    name = models.CharField(_("name"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        indexes = [models.Index(fields=["city", "name"], name="jobseeker_city_name_idx")]

    def __str__(self) -> str:
        return self.name
