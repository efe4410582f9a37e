"""Writes of the jobseekers app (the job-seeker issue adds registration, consent, import)."""

from __future__ import annotations

from django.db import transaction

from jobseekers.models import FunctioningAnswer, JobSeeker
from reference.models import WGDomain

# WG-SS DISABILITY3, the WG-recommended cut-off: "a lot of difficulty" (3) or "cannot do at all" (4).
WG_CUTOFF_CODES = frozenset({FunctioningAnswer.Code.A_LOT, FunctioningAnswer.Code.CANNOT})


def wg_disability(codes: dict[str, int]) -> bool | None:
    """The DISABILITY3 flag from ``{domain: code}``: ``True`` when any domain is 3 or 4; ``False``
    when all six are answered 1 or 2; ``None`` when an answer is missing, refused (7) or unknown (9)
    and no domain reaches the cut-off. Source: Washington Group, WG-SS analytic guidelines."""
    if any(code in WG_CUTOFF_CODES for code in codes.values()):
        return True
    if set(codes) >= set(WGDomain.values) and all(code in (1, 2) for code in codes.values()):
        return False
    return None


@transaction.atomic
def functioning_record(*, job_seeker: JobSeeker, answers: dict[str, int]) -> JobSeeker:
    """Store WG-SS ``answers`` (``{domain: code}``, current city) and refresh ``wg_disability``.

    Raises ``ValueError`` for an unknown domain and ``django.core.exceptions.ValidationError`` for
    an unknown code.
    """
    unknown = set(answers) - set(WGDomain.values)
    if unknown:
        raise ValueError(f"Unknown WG-SS domains: {sorted(unknown)}")
    for domain, code in answers.items():
        answer = FunctioningAnswer.objects.filter(job_seeker=job_seeker, domain=domain).first() or FunctioningAnswer(
            job_seeker=job_seeker, domain=domain
        )
        answer.code = code
        answer.full_clean(exclude=["city"])
        answer.save()
    codes = dict(FunctioningAnswer.objects.filter(job_seeker=job_seeker).values_list("domain", "code"))
    job_seeker.wg_disability = wg_disability(codes)
    job_seeker.save(update_fields=["wg_disability"])
    return job_seeker
