"""The job-seeker vocabularies: the choices the profile, the case and consent records use, and the
case's allowed moves. Shared by models, forms, imports, the API and the dashboards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReferralSource(models.TextChoices):
    """How the person came to the center (the dashboards report by it)."""

    WALK_IN = "walk_in", _("Walk-in at the center")
    ONLINE = "online", _("Online sign-up")
    OPDIS = "opdis", _("Disability organisation or CSO partner")
    BPJS_RTW = "bpjs_rtw", _("BPJS Ketenagakerjaan Return-to-Work programme")
    SLB_BLK = "slb_blk", _("Special school (SLB) or vocational training centre (BLK)")
    JOB_FAIR = "job_fair", _("Job fair")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message (SMS)")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    VISIT = "visit", _("Home visit or at the center")


class WorkArrangement(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote (from home)")
    HYBRID = "hybrid", _("Hybrid")


class AssistiveDevice(models.TextChoices):
    WHEELCHAIR = "wheelchair", _("Wheelchair")
    CRUTCHES = "crutches", _("Crutches or walker")
    PROSTHESIS = "prosthesis", _("Prosthesis or orthosis")
    WHITE_CANE = "white_cane", _("White cane")
    HEARING_AID = "hearing_aid", _("Hearing aid or cochlear implant")
    SCREEN_READER = "screen_reader", _("Screen reader or magnifier")
    COMMUNICATION_DEVICE = "communication_device", _("Communication board or device")


class CommunicationNeed(models.TextChoices):
    BISINDO = "bisindo", _("Sign language: BISINDO")
    SIBI = "sibi", _("Sign language: SIBI")
    BRAILLE = "braille", _("Braille")
    LARGE_PRINT = "large_print", _("Large print")
    EASY_READ = "easy_read", _("Easy read")
    CAPTIONS = "captions", _("Captions or written text")


class CaseStatus(models.TextChoices):
    """A case's stage: registered → active → job-ready → referred → placed → closed."""

    REGISTERED = "registered", _("Registered")
    ACTIVE = "active", _("Active")
    JOB_READY = "job_ready", _("Job-ready")
    REFERRED = "referred", _("Referred")
    PLACED = "placed", _("Placed")
    CLOSED = "closed", _("Closed")


# The allowed moves. Forward along the workflow; back one step when a referral or placement ends;
# a case can be closed from any stage and reopened (to active).
CASE_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.JOB_READY, CaseStatus.CLOSED}),
    CaseStatus.JOB_READY: frozenset({CaseStatus.ACTIVE, CaseStatus.REFERRED, CaseStatus.CLOSED}),
    CaseStatus.REFERRED: frozenset({CaseStatus.JOB_READY, CaseStatus.PLACED, CaseStatus.CLOSED}),
    CaseStatus.PLACED: frozenset({CaseStatus.JOB_READY, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ACTIVE}),
}


class RegistrationChannel(models.TextChoices):
    SELF = "self", _("Self-service")
    STAFF = "staff", _("Assisted by city staff")
    PARTNER = "partner", _("Assisted by a partner")
    IMPORT = "import", _("Bulk import")


# Sensitive groups a person may share with an employer on a referral (default: not shared).
DISCLOSURE_GROUPS = ("functioning", "ragam", "needs", "documents")


class ConsentPurpose(models.TextChoices):
    """The separate purposes a person consents to (UU 27/2022 arts. 20-22: explicit, per purpose)."""

    SPECIFIC_DATA = "specific_data", _("Processing my disability and health data")
    MATCHING = "matching", _("Being included in matching with vacancies")
    SHARING = "sharing", _("Sharing my profile with an employer on a referral")
    NOTIFICATIONS = "notifications", _("Receiving notifications")


class ConsentChannel(models.TextChoices):
    ONLINE = "online", _("Online, by the person")
    IN_PERSON = "in_person", _("In person at the center or on outreach")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On a signed paper form")
    IMPORT = "import", _("Imported record (to be confirmed)")


class ConsentBasis(models.TextChoices):
    """How a decision was given when someone recorded it for the person (UU 27/2022 art. 22: consent
    must be provable). ``self`` is the person acting on their own account."""

    SELF = "self", _("By the person, on their own account")
    SIGNED = "signed", _("In person, signed or thumbprinted on the paper form")
    READ_ALOUD = "read_aloud", _("Read aloud to the person, who agreed")
    FAMILY = "family", _("Through a named family member or guardian")
    INTERPRETER = "interpreter", _("Through a named interpreter (e.g. sign language)")
    PHONE = "phone", _("By phone: the text was read and the person agreed")


# The bases that name the person who spoke for, or with, the job seeker.
BASES_WITH_INTERMEDIARY = frozenset({ConsentBasis.FAMILY, ConsentBasis.INTERPRETER})
