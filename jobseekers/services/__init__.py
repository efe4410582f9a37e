"""Writes of the jobseekers app, one module per sub-domain; every public service is importable from
here (``from jobseekers import services``):

- ``profile``: registration, the person's profile and its entries, WG-SS answers;
- ``case``: staff's case work (status, officer, next action, counselling notes);
- ``consent``: consent and disclosure decisions with how they were given (the basis), one purpose
  or the whole form at once;
- ``documents``: storing and removing documents;
- ``rights``: correction and deletion requests, carrying out a deletion;
- ``imports``: the bulk import and the audit of an export;
- ``claim``: a person registered without an account takes over their profile (code or link).

Each service is ``<entity>_<action>(*, actor, ...)`` and runs in one transaction; the audit trail
records the writes (django-auditlog, registered in ``jobseekers.apps``). Reads are in
``jobseekers.selectors``.
"""

from jobseekers.services.case import case_status_change, case_update, counselling_note_add
from jobseekers.services.claim import (
    ClaimError,
    claim_channels,
    claim_code_check,
    claim_code_send,
    claim_complete,
    claim_link_check,
    claim_usable,
)
from jobseekers.services.consent import (
    CONSENT_FLAGS,
    acts_for_self,
    basis_check,
    consent_record,
    consent_withdraw,
    consents_update,
    disclosure_choose,
    paper_form_store,
)
from jobseekers.services.documents import document_delete, document_upload
from jobseekers.services.imports import (
    caseload_export_record,
    import_dry_run,
    import_stored_commit,
    jobseekers_import,
)
from jobseekers.services.profile import (
    PROFILE_M2M,
    WG_CUTOFF_CODES,
    functioning_record,
    jobseeker_register,
    jobseeker_update,
    on_member_signed_up,
    profile_entry_add,
    profile_entry_remove,
    profile_start,
    profile_step_save,
    wg_disability,
)
from jobseekers.services.rights import (
    ANONYMISED_NAME,
    DEADLINE,
    jobseeker_anonymise,
    rights_request_create,
    rights_request_handle,
)

__all__ = [
    "ANONYMISED_NAME",
    "CONSENT_FLAGS",
    "DEADLINE",
    "PROFILE_M2M",
    "WG_CUTOFF_CODES",
    "ClaimError",
    "acts_for_self",
    "basis_check",
    "case_status_change",
    "case_update",
    "caseload_export_record",
    "claim_channels",
    "claim_code_check",
    "claim_code_send",
    "claim_complete",
    "claim_link_check",
    "claim_usable",
    "consent_record",
    "consent_withdraw",
    "consents_update",
    "counselling_note_add",
    "disclosure_choose",
    "document_delete",
    "document_upload",
    "functioning_record",
    "import_dry_run",
    "import_stored_commit",
    "jobseeker_anonymise",
    "jobseeker_register",
    "jobseeker_update",
    "jobseekers_import",
    "on_member_signed_up",
    "paper_form_store",
    "profile_entry_add",
    "profile_entry_remove",
    "profile_start",
    "profile_step_save",
    "rights_request_create",
    "rights_request_handle",
    "wg_disability",
]
