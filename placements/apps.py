from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "placements"
    verbose_name = _("Matching and placements")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from placements import cards, models, providers, rematch

        rematch.connect()
        cards.connect()
        providers.register()
        for model in (models.Referral, models.Interview, models.Placement, models.FollowUp, models.PlacementSettings):
            auditlog.register(model)
