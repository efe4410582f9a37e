"""API for employers: their referred candidates, with only what each person disclosed."""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasPortalPermission
from placements import selectors


class EmployerCandidates(APIView):
    """``GET``: ``{"results": [candidate, ...]}``, each as ``selectors.candidate_for_employer`` builds it.

    Reads of disclosed sensitive groups are audited like the HTML page.
    """

    permission_classes = [HasPortalPermission]
    permission_required = "placements.view_candidates"

    def get(self, request):
        from accounts.audit import record_access

        results = []
        for referral in selectors.employer_referrals(request.user):
            groups = selectors.audited_groups(referral)
            if groups:
                record_access(obj=referral.job_seeker, groups=groups)
            results.append({"vacancy": referral.vacancy.title, **selectors.candidate_for_employer(referral)})
        return Response({"results": results})
