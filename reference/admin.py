"""Admin pages for the reference tables: view and search only.

The rows come from ``reference/data/`` through ``manage.py load_reference``, which would
overwrite any edit made here on its next run; change the data file instead.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from reference.models import (
    AccommodationType,
    ChecklistItem,
    ChecklistVersion,
    Industry,
    Occupation,
    Skill,
    WGQuestion,
    WGResponseOption,
)


class ReferenceAdmin(admin.ModelAdmin):
    """Read-only: superusers and staff with the *view* permission can browse and search."""

    list_per_page = 50

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Occupation)
class OccupationAdmin(ReferenceAdmin):
    list_display = ["code", "level", "title_id", "title_en", "in_kbji2014", "in_isco08"]
    list_filter = ["level", "in_kbji2014", "in_isco08"]
    search_fields = ["code", "title_id", "title_en"]
    fields = ["code", "level", "parent", "title_id", "title_en", "in_kbji2014", "in_isco08"]


@admin.register(Industry)
class IndustryAdmin(ReferenceAdmin):
    list_display = ["code", "level", "section", "title_id", "title_en"]
    list_filter = ["level", "section"]
    search_fields = ["code", "title_id", "title_en"]


@admin.register(Skill)
class SkillAdmin(ReferenceAdmin):
    list_display = ["label_en", "kind", "level", "skill_type", "in_transversal_collection", "in_ict_collection"]
    list_filter = ["kind", "level", "skill_type", "in_transversal_collection", "in_ict_collection"]
    search_fields = ["label_en", "code", "description_en"]
    fields = [
        "code",
        "esco_uri",
        "kind",
        "level",
        "label_en",
        "alt_labels_en",
        "description_en",
        "skill_type",
        "reuse_level",
        "in_transversal_collection",
        "in_ict_collection",
        "broader",
    ]


@admin.register(AccommodationType)
class AccommodationTypeAdmin(ReferenceAdmin):
    list_display = ["code", "text_en", "limitation", "wg_domain", "ragam", "type", "cost_level"]
    list_filter = ["wg_domain", "ragam", "type", "cost_level"]
    search_fields = ["code", "text_en", "text_id", "limitation"]


@admin.register(WGQuestion)
class WGQuestionAdmin(ReferenceAdmin):
    list_display = ["order", "variable", "domain", "text_en", "text_id"]


@admin.register(WGResponseOption)
class WGResponseOptionAdmin(ReferenceAdmin):
    list_display = ["code", "key", "label_en", "label_id", "is_missing"]


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    fields = ["code", "area", "item", "threshold", "unit", "comparator"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(ReferenceAdmin):
    list_display = ["code", "name", "published_on", "item_count"]
    search_fields = ["code", "name"]
    inlines = [ChecklistItemInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(item_total=Count("items"))

    @admin.display(description=_("items"), ordering="item_total")
    def item_count(self, obj: ChecklistVersion) -> int:
        return obj.item_total


@admin.register(ChecklistItem)
class ChecklistItemAdmin(ReferenceAdmin):
    list_display = ["code", "version", "area", "item", "threshold", "unit", "comparator", "source"]
    list_filter = ["version", "area", "unit", "source"]
    search_fields = ["code", "item", "requirement"]
    list_select_related = ["version"]
