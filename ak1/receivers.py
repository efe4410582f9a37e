"""ak1 reacts to the jobseekers app's changes (connected in ``Ak1Config.ready``)."""

from __future__ import annotations

from jobseekers import signals


def profile_changed(sender, job_seeker, **kwargs) -> None:
    """A deletion carried out (UU 27/2022): the person's cards go too — number, place of birth,
    officers' stamps — in the deletion's transaction. The verification link then finds no card."""
    if job_seeker.anonymised_at:
        from ak1.models import Card

        Card.objects.filter(job_seeker=job_seeker).delete()


def connect() -> None:
    signals.profile_changed.connect(profile_changed, dispatch_uid="ak1.receivers.profile_changed")
