from django.contrib import admin

from .models import (
    Assignment,
    Criterion,
    CriterionLevel,
    DecisionEntry,
    EvaluationReminder,
    Field,
    Initiative,
    InitiativeAttachment,
    InitiativeAuthor,
    InitiativeLog,
    InitiativeParticipant,
    InitiativeUse,
    RecognitionDecision,
    ScoreItem,
    ScoreSheet,
    ScoringForm,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]


class AuthorInline(admin.TabularInline):
    model = InitiativeAuthor
    extra = 0
    autocomplete_fields = ["person"]


class ParticipantInline(admin.TabularInline):
    model = InitiativeParticipant
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = InitiativeAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


class LogInline(admin.TabularInline):
    model = InitiativeLog
    extra = 0
    readonly_fields = ["from_state", "to_state", "comment", "by", "at"]
    can_delete = False


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "unit", "period", "field", "state", "score", "scope"]
    list_filter = ["state", "scope", "field", "period"]
    search_fields = ["title", "search_title", "unit__name"]
    list_select_related = ["unit", "period", "field"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["state", "filed_on", "submitted_at", "score", "scope", "forwarded_to"]
    inlines = [AuthorInline, ParticipantInline, AttachmentInline, LogInline]


@admin.register(InitiativeUse)
class InitiativeUseAdmin(admin.ModelAdmin):
    list_display = ["initiative", "award", "period", "by", "at"]
    list_select_related = ["initiative", "award", "period", "by"]


class LevelInline(admin.TabularInline):
    model = CriterionLevel
    extra = 0


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "form", "order", "max_points"]
    inlines = [LevelInline]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    show_change_link = True


@admin.register(ScoringForm)
class ScoringFormAdmin(admin.ModelAdmin):
    list_display = ["council", "aggregate", "threshold", "vote_fraction", "vote_base"]
    inlines = [CriterionInline]


class ScoreItemInline(admin.TabularInline):
    model = ScoreItem
    extra = 0


@admin.register(ScoreSheet)
class ScoreSheetAdmin(admin.ModelAdmin):
    list_display = ["assignment", "member_name", "status", "vote", "total", "submitted_at"]
    list_filter = ["status", "vote"]
    inlines = [ScoreItemInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["initiative", "council", "score", "votes_for", "vote_base_count", "passes", "is_closed"]
    list_select_related = ["initiative", "council__unit", "council__period"]


@admin.register(EvaluationReminder)
class EvaluationReminderAdmin(admin.ModelAdmin):
    list_display = ["council", "member", "day", "sent_at"]


class EntryInline(admin.TabularInline):
    model = DecisionEntry
    extra = 0
    raw_id_fields = ["initiative", "assignment"]


@admin.register(RecognitionDecision)
class RecognitionDecisionAdmin(admin.ModelAdmin):
    list_display = ["summary", "council", "state", "issued_number", "issued_at"]
    list_filter = ["state"]
    inlines = [EntryInline]
