"""``{% load workspace %}``: ``{% workspace_sections "staff" as sections %}`` gives the role's workspace
(``ijc_portal.workspace``) for the request's user and city, for ``templates/workspace/sections.html``;
``{% may "<permission>" as allowed %}`` whether the reader may open a page before linking to it."""

from __future__ import annotations

from django import template

from accounts.permissions import has_permission
from ijc_portal import workspace

register = template.Library()


@register.simple_tag(takes_context=True)
def workspace_sections(context, role: str) -> list[workspace.Section]:
    return workspace.sections_for(context["request"], role)


@register.simple_tag(takes_context=True)
def may(context, permission: str) -> bool:
    """``{% may "api.manage_tokens" as allowed %}``: whether the request's user holds ``permission``
    here (``accounts.permissions.has_permission``), so a page links only to what its reader may open."""
    request = context.get("request")
    return request is not None and has_permission(request, permission)


@register.simple_tag
def person_placement_work(job_seeker) -> dict[str, list]:
    """``{% person_placement_work seeker as work %}``: the person's referrals and follow-ups."""
    return workspace.person_placement_work(job_seeker)


@register.simple_tag
def employer_assessments(employer) -> list:
    """``{% employer_assessments employer as visits %}``: the assessments of the employer's workplaces."""
    return workspace.employer_assessments(employer)
