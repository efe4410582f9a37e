"""Social security at placement: the worker's BPJS Ketenagakerjaan enrolment (docs/placements.md,
"Social security").

Asked when the placement is recorded (``placement_record``) and again at each follow-up
(``placement_bpjs_update``): enrolled yes / no / not known (``None``), the 11-digit KPJ number and
the programmes (JKK, JKM, JHT, JP), both optional and only with *enrolled*. The dashboards count
placements by the answer and count apart the people who came through BPJS Ketenagakerjaan's
Return-to-Work programme (``JobSeeker.referral_source``), who are members already.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from placements.models import Placement, SocialSecurityProgramme


@dataclass(frozen=True)
class Enrolment:
    """One answer: ``enrolled`` (True, False or None: not known), the KPJ number and the programmes."""

    enrolled: bool | None = None
    kpj_number: str = ""
    programmes: tuple[str, ...] = field(default_factory=tuple)


def enrolment_clean(enrolled: bool | None, kpj_number: str = "", programmes=()) -> Enrolment:
    """Check an answer: a KPJ number is 11 digits; a number or programmes only with *enrolled*.
    Raises ``ValidationError`` keyed by field (``bpjs_kpj_number``, ``bpjs_programmes``)."""
    kpj_number = (kpj_number or "").strip()
    chosen = [value for value in SocialSecurityProgramme.values if value in set(programmes or ())]
    unknown = set(programmes or ()) - set(SocialSecurityProgramme.values)
    errors: dict[str, str] = {}
    if kpj_number and not (len(kpj_number) == 11 and kpj_number.isdigit()):
        errors["bpjs_kpj_number"] = _("A KPJ number is 11 digits, without spaces.")
    if unknown:
        errors["bpjs_programmes"] = _("Choose among JKK, JKM, JHT and JP.")
    if enrolled is not True and (kpj_number or chosen):
        key = "bpjs_kpj_number" if kpj_number else "bpjs_programmes"
        errors.setdefault(key, _("A KPJ number or programmes go with 'enrolled': answer yes or leave them empty."))
    if errors:
        raise ValidationError(errors, code="bpjs")
    return Enrolment(enrolled=enrolled, kpj_number=kpj_number, programmes=tuple(chosen))


def enrolment_apply(placement: Placement, enrolment: Enrolment) -> None:
    """Set the answer on ``placement`` (not saved)."""
    placement.bpjs_enrolled = enrolment.enrolled
    placement.bpjs_kpj_number = enrolment.kpj_number
    placement.bpjs_programmes = list(enrolment.programmes)
    placement.bpjs_updated_at = timezone.now()


@transaction.atomic
def placement_bpjs_update(*, actor: User, placement: Placement, enrolment: Enrolment) -> Placement:
    """Record the enrolment asked again (at a follow-up): replaces the earlier answer, dated now.
    An unchanged answer writes nothing. The change is in the audit trail (auditlog on ``Placement``)."""
    current = Enrolment(placement.bpjs_enrolled, placement.bpjs_kpj_number, tuple(placement.bpjs_programmes))
    if current == enrolment:
        return placement
    enrolment_apply(placement, enrolment)
    placement.full_clean()
    placement.save(update_fields=["bpjs_enrolled", "bpjs_kpj_number", "bpjs_programmes", "bpjs_updated_at"])
    return placement
