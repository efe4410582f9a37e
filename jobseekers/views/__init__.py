"""Job-seeker pages, every one declaring its permission and fetching through the city-scoped
managers (another city's record is a 404). Reads of sensitive groups (identity in full,
disability, needs, functioning, documents) write an access entry to the audit trail
(``accounts.audit.record_access``).

- ``own``: the person's own profile (stepped) and consent;
- ``documents``: the person's documents, and staff's download of one;
- ``rights``: the person's data rights (download, view, requests, who viewed my data) and staff's
  handling of the requests;
- ``staff``: staff's and partners' caseload, case detail, assisted registration, WG-SS answers,
  import and export;
- ``common``: what they share.
"""
