from django.contrib import admin

from .models import Digest, Milestone, Plan, PlanLog, PlanSection, Reminder


class PlanSectionInline(admin.StackedInline):
    model = PlanSection
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["order", "content", "due_text", "opens_on", "due_on", "done_when"]
    show_change_link = True


class PlanLogInline(admin.TabularInline):
    model = PlanLog
    extra = 0
    readonly_fields = ["action", "from_state", "to_state", "comment", "by", "at"]
    can_delete = False


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "issuing_unit", "period", "state", "issued_number"]
    list_filter = ["state", "period"]
    search_fields = ["title", "issued_number__symbol"]
    list_select_related = ["issuing_unit", "period", "issued_number"]
    readonly_fields = ["state", "issued_number", "created_by"]
    inlines = [PlanSectionInline, MilestoneInline, PlanLogInline]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["plan", "order", "content", "opens_on", "due_on", "done_when"]
    list_filter = ["done_when"]
    search_fields = ["content"]
    list_select_related = ["plan"]
    filter_horizontal = ["actor_units", "actor_blocks"]
    readonly_fields = ["deadline"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["milestone", "unit", "offset", "claimed_at", "sent_at"]
    list_select_related = ["milestone", "unit"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["user", "day", "sent_at"]
    list_select_related = ["user"]
