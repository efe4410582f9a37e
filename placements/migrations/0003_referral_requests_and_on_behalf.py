"""Referral requests an officer decides (requested, not sent on with a reason) and the disclosure
recorded when staff confirm a referral for the person (Referral.disclosure, ReferralEvent.disclosure)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cities.operations


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0002_city_profile'),
        ('employers', '0003_one_education_vocabulary'),
        ('jobseekers', '0006_on_behalf_basis'),
        ('placements', '0002_followup_months_up_to_24'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='referral',
            name='referral_one_open_per_pair',
        ),
        migrations.AddField(
            model_name='referral',
            name='disclosure',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='jobseekers.disclosurerecord', verbose_name='disclosure recorded for the person'),
        ),
        migrations.AddField(
            model_name='referral',
            name='not_sent_reason',
            field=models.TextField(blank=True, verbose_name='reason it was not sent on'),
        ),
        migrations.AddField(
            model_name='referralevent',
            name='disclosure',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='jobseekers.disclosurerecord'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='status',
            field=models.CharField(choices=[('proposed', 'Proposed'), ('requested', 'Requested, waiting for the job center'), ('not_sent', 'Not sent on by the job center'), ('confirmed', 'Confirmed by the person'), ('declined', 'Declined by the person'), ('interview', 'Interview'), ('offered', 'Offer made'), ('placed', 'Placed'), ('rejected', 'Not selected'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=12, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='referralevent',
            name='from_status',
            field=models.CharField(blank=True, choices=[('proposed', 'Proposed'), ('requested', 'Requested, waiting for the job center'), ('not_sent', 'Not sent on by the job center'), ('confirmed', 'Confirmed by the person'), ('declined', 'Declined by the person'), ('interview', 'Interview'), ('offered', 'Offer made'), ('placed', 'Placed'), ('rejected', 'Not selected'), ('withdrawn', 'Withdrawn')], max_length=12),
        ),
        migrations.AlterField(
            model_name='referralevent',
            name='to_status',
            field=models.CharField(choices=[('proposed', 'Proposed'), ('requested', 'Requested, waiting for the job center'), ('not_sent', 'Not sent on by the job center'), ('confirmed', 'Confirmed by the person'), ('declined', 'Declined by the person'), ('interview', 'Interview'), ('offered', 'Offer made'), ('placed', 'Placed'), ('rejected', 'Not selected'), ('withdrawn', 'Withdrawn')], max_length=12),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['declined', 'rejected', 'withdrawn', 'not_sent']), _negated=True), fields=('city', 'job_seeker', 'vacancy'), name='referral_one_open_per_pair'),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'not_sent'), _negated=True), models.Q(('not_sent_reason', ''), _negated=True), _connector='OR'), name='referral_not_sent_has_reason'),
        ),
        cities.operations.AddSameCityForeignKey('referral', 'disclosure'),
        cities.operations.AddSameCityForeignKey('referralevent', 'disclosure'),
    ]
