from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Heartbeat, Membership, Period, Person, Unit


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "start_date", "end_date", "is_current"]
    list_filter = ["kind", "is_current"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user", "person"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "symbol", "parent", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    search_fields = ["name", "search_name", "symbol"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["full_name", "unit", "position", "category", "sex", "date_of_birth", "is_active"]
    list_filter = ["category", "sex", "is_active", "unit__kind", "unit__level"]
    search_fields = ["full_name", "search_name", "national_id"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "person"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__name"]
    list_select_related = ["user", "unit", "person"]
    autocomplete_fields = ["user", "unit", "person"]


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_seen"]
    readonly_fields = ["name", "last_seen"]


admin.site.index_title = _("Site administration")
