from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Award,
    BlockMembership,
    Council,
    CouncilMember,
    Deadline,
    DeadlineCompletion,
    DeadlineExtension,
    DocumentJob,
    EmulationBlock,
    ExtensionRequest,
    Heartbeat,
    IssuedNumber,
    Membership,
    Notification,
    NumberCounter,
    Period,
    Person,
    Unit,
)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_date", "end_date", "is_current"]
    list_filter = ["kind", "is_current"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "person"]


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "symbol", "parent", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "search_name", "symbol"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "unit", "position", "category", "sex", "date_of_birth", "is_active"]
    list_filter = ["category", "sex", "is_active", "unit__kind", "unit__level"]
    search_fields = ["full_name", "search_name", "national_id"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "unit", "person"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    list_select_related = ["user", "unit", "person"]
    autocomplete_fields = ["user", "unit", "person"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shown with its history; changed only through the site, whose services keep the council's rules."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["order", "person", "role", "user"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    list_display = ["kind", "unit", "period", "decision_number", "decision_date"]
    list_filter = ["kind", "period"]
    search_fields = ["unit__name", "decision_number"]
    list_select_related = ["unit", "period"]
    inlines = [CouncilMemberInline]


@admin.register(CouncilMember)
class CouncilMemberAdmin(ReadOnlyAdmin):
    list_display = ["person", "role", "council", "user", "order"]
    list_filter = ["role"]
    search_fields = ["person__full_name", "council__unit__name"]
    list_select_related = ["person", "council__unit", "council__period", "user"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
    readonly_fields = ["name", "last_seen"]


admin.site.index_title = _("Site administration")


@admin.register(Award)
class AwardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "scope", "level", "conferred_by", "is_local", "is_active"]
    list_editable = ["conferred_by", "is_active"]
    list_filter = ["kind", "scope", "level", "conferred_by", "is_local", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["requires"]


class BlockMembershipInline(admin.TabularInline):
    model = BlockMembership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(EmulationBlock)
class EmulationBlockAdmin(admin.ModelAdmin):
    list_display = ["name", "number", "period", "managing_unit", "level"]
    list_filter = ["period", "level"]
    search_fields = ["name"]
    list_select_related = ["period", "managing_unit"]
    inlines = [BlockMembershipInline]


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    autocomplete_fields = ["unit", "granted_by"]


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["title", "action", "period", "issuing_unit", "opens_at", "closes_at", "is_active"]
    list_filter = ["action", "is_active", "period"]
    search_fields = ["title"]
    list_select_related = ["period", "issuing_unit"]
    filter_horizontal = ["units"]
    inlines = [DeadlineExtensionInline]


@admin.register(DeadlineCompletion)
class DeadlineCompletionAdmin(admin.ModelAdmin):
    list_display = ["deadline", "unit", "completed_at", "completed_by"]
    list_select_related = ["deadline", "unit", "completed_by"]
    search_fields = ["unit__name", "deadline__title"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["deadline", "unit", "requested_by", "requested_at", "answered_at"]
    list_filter = ["answered_at"]
    list_select_related = ["deadline", "unit", "requested_by"]
    search_fields = ["unit__name", "deadline__title"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "recipient__username"]
    list_select_related = ["recipient"]


@admin.register(DocumentJob)
class DocumentJobAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "requested_by", "status", "progress", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]
    readonly_fields = ["kind", "object_id", "requested_by", "status", "progress", "file", "filename", "error"]


@admin.register(IssuedNumber)
class IssuedNumberAdmin(admin.ModelAdmin):
    list_display = ["symbol", "unit", "year", "doc_type", "issued_on", "title"]
    list_filter = ["doc_type", "year"]
    search_fields = ["symbol", "title"]
    list_select_related = ["unit"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "doc_type", "last_number"]
    list_select_related = ["unit"]

    def has_change_permission(self, request, obj=None):
        return False
