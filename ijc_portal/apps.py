"""App configs of the top layer: the portal's own (project-wide settings of the libraries) and the
Django admin with the portal's own site (ijc_portal.admin)."""

from django.apps import AppConfig
from django.contrib import admin
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    default = True
    name = "ijc_portal"

    def ready(self) -> None:
        from django.db.models import fields

        from cities.choices import BLANK_LABEL

        # The empty option of drop-downs built from model fields: translated (Django's has no Indonesian).
        fields.BLANK_CHOICE_LABEL = BLANK_LABEL


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False  # named explicitly in INSTALLED_APPS; not the config of the ijc_portal app itself
    default_site = "ijc_portal.admin.PortalAdminSite"

    def ready(self) -> None:
        super().ready()
        from accounts.admin import AuditLogEntryAdmin
        from accounts.models import AuditLogEntry

        # django-auditlog registers its own admin for our log model; ours is read-only and city-aware.
        if admin.site.is_registered(AuditLogEntry):
            admin.site.unregister(AuditLogEntry)
        admin.site.register(AuditLogEntry, AuditLogEntryAdmin)

        # allauth's admin would show (and let anyone edit or delete) users' TOTP secrets and recovery
        # codes, bypassing the MFA policy; authenticators are managed by their owner only.
        from allauth.mfa.models import Authenticator

        if admin.site.is_registered(Authenticator):
            admin.site.unregister(Authenticator)
