"""Drop django-auditlog's own ``auditlog_logentry`` table.

Our log model is ``accounts.AuditLogEntry`` (``AUDITLOG_LOGENTRY_MODEL``), but auditlog's first
migration creates its table regardless of the swap. Left in place it would be a second, empty audit
table outside row-level security whose foreign keys stop ``flush`` from truncating users and
content types. A later auditlog release with migrations that touch that table must be checked
before upgrading (the pinned version is 3.4.1).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_invitations_audit_cross_city_roles"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunSQL("DROP TABLE IF EXISTS auditlog_logentry", reverse_sql=migrations.RunSQL.noop)]
