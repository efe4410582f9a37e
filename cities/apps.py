from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = _("Cities")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from cities.models import CityPartner, CityProfile

        # Who changed the city profile and its partners, and how (the city admin's trail).
        auditlog.register(CityProfile)
        auditlog.register(CityPartner)
