from django.urls import path

from emulation.views.registration_office import (
    RegistrationBulkAccept,
    RegistrationConsolidatedExport,
    RegistrationList,
    RegistrationListExport,
    RegistrationListPdf,
    RegistrationReview,
)

from .views import (
    accounts,
    calendar,
    councils,
    dashboard,
    documents,
    notifications,
    numbering,
    periods,
    registrations,
    staff,
    units,
)

app_name = "emulation"

urlpatterns = [
    path("", dashboard.Dashboard.as_view(), name="dashboard"),
    path("units/", units.UnitList.as_view(), name="unit-list"),
    path("units/<int:pk>/", units.UnitDetail.as_view(), name="unit-detail"),
    path("units/<int:pk>/accounts/new/", units.UnitAccountCreate.as_view(), name="unit-account-create"),
    path("accounts/<int:pk>/unlock/", accounts.AccountUnlock.as_view(), name="account-unlock"),
    path("staff/", staff.PersonList.as_view(), name="person-list"),
    path("periods/calendar-year/new/", periods.CalendarYearCreate.as_view(), name="calendar-year-create"),
    path("numbering/start/", numbering.NumberStart.as_view(), name="number-start"),
    path("documents/<int:pk>/", documents.DocumentJobStatus.as_view(), name="document-job"),
    path("documents/<int:pk>/download/", documents.DocumentJobDownload.as_view(), name="document-download"),
    path("staff/new/", staff.PersonCreate.as_view(), name="person-create"),
    path("staff/<int:pk>/edit/", staff.PersonUpdate.as_view(), name="person-update"),
    path("staff/export.xlsx", staff.StaffExport.as_view(), name="staff-export"),
    path("staff/import/", staff.StaffImport.as_view(), name="staff-import"),
    path("staff/import/template.xlsx", staff.StaffImportTemplate.as_view(), name="staff-import-template"),
    path("staff/import/preview/", staff.StaffImportPreview.as_view(), name="staff-import-preview"),
    path("staff/import/rows-to-fix.xlsx", staff.StaffImportProblems.as_view(), name="staff-import-problems"),
    path("staff/import/commit/", staff.StaffImportCommit.as_view(), name="staff-import-commit"),
    path("staff/import/cancel/", staff.StaffImportCancel.as_view(), name="staff-import-cancel"),
    path("staff/<int:pk>/active/", staff.PersonSetActive.as_view(), name="person-set-active"),
    path("deadlines/calendar/", calendar.DeadlineCalendar.as_view(), name="deadline-calendar"),
    path("calendar/<slug:token>.ics", calendar.CalendarFeed.as_view(), name="calendar-feed"),
    path("units/<int:pk>/calendar/reset/", calendar.CalendarFeedReset.as_view(), name="calendar-feed-reset"),
    path("notifications/", notifications.NotificationList.as_view(), name="notification-list"),
    path("notifications/<int:pk>/", notifications.NotificationOpen.as_view(), name="notification-open"),
    path("notifications/read-all/", notifications.NotificationReadAll.as_view(), name="notification-read-all"),
    # registrations.py (the school's registration page)
    path("registrations/mine/", registrations.RegistrationMine.as_view(), name="registration-mine"),
    path("registrations/<int:pk>/", registrations.RegistrationDetail.as_view(), name="registration-detail"),
    path("registrations/<int:pk>/lines/", registrations.RegistrationLinesUpdate.as_view(), name="registration-lines"),
    path(
        "registrations/<int:pk>/targets/add/",
        registrations.RegistrationTargetCreate.as_view(),
        name="registration-target-add",
    ),
    path(
        "registrations/<int:pk>/targets/<int:target_pk>/remove/",
        registrations.RegistrationTargetDelete.as_view(),
        name="registration-target-remove",
    ),
    path(
        "registrations/<int:pk>/files/<slug:kind>/",
        registrations.RegistrationFileUpload.as_view(),
        name="registration-file-upload",
    ),
    path(
        "registrations/<int:pk>/files/<slug:kind>/download/",
        registrations.RegistrationFileDownload.as_view(),
        name="registration-file-download",
    ),
    path("registrations/<int:pk>/submit/", registrations.RegistrationSubmit.as_view(), name="registration-submit"),
    path(
        "registrations/<int:pk>/workbook.xlsx",
        registrations.RegistrationWorkbook.as_view(),
        name="registration-workbook",
    ),
    path("registrations/<int:pk>/import/", registrations.RegistrationImport.as_view(), name="registration-import"),
    path(
        "registrations/<int:pk>/import/<slug:token>/",
        registrations.RegistrationImportPreview.as_view(),
        name="registration-import-preview",
    ),
    path(
        "registrations/<int:pk>/import/<slug:token>/commit/",
        registrations.RegistrationImportCommit.as_view(),
        name="registration-import-commit",
    ),
    path(
        "registrations/<int:pk>/import/<slug:token>/cancel/",
        registrations.RegistrationImportCancel.as_view(),
        name="registration-import-cancel",
    ),
    # registration_office_views.py (the office's list, review and exports)
    path("registrations/", RegistrationList.as_view(), name="registration-list"),
    path(
        "registrations/list.xlsx",
        RegistrationListExport.as_view(),
        name="registration-list-export",
    ),  # fmt: skip
    path(
        "registrations/consolidated.xlsx",
        RegistrationConsolidatedExport.as_view(),
        name="registration-consolidated-export",
    ),  # fmt: skip
    path(
        "registrations/consolidated.pdf",
        RegistrationListPdf.as_view(),
        name="registration-list-pdf",
    ),
    path(
        "registrations/accept/",
        RegistrationBulkAccept.as_view(),
        name="registration-bulk-accept",
    ),
    path(
        "registrations/<int:pk>/review/",
        RegistrationReview.as_view(),
        name="registration-review",
    ),
    # councils.py
    path("councils/", councils.CouncilList.as_view(), name="council-list"),
    path("councils/export.xlsx", councils.CouncilListExport.as_view(), name="council-list-export"),
    path("councils/new/", councils.CouncilCreate.as_view(), name="council-create"),
    path("councils/<int:pk>/", councils.CouncilDetail.as_view(), name="council-detail"),
    path("councils/<int:pk>/edit/", councils.CouncilUpdate.as_view(), name="council-update"),
    path("councils/<int:pk>/decision/", councils.CouncilDecisionDownload.as_view(), name="council-decision"),
    path("councils/<int:pk>/members.xlsx", councils.CouncilMemberExport.as_view(), name="council-member-export"),
    path("councils/<int:pk>/members/new/", councils.CouncilMemberCreate.as_view(), name="council-member-create"),
    path(
        "councils/<int:pk>/members/<int:member_pk>/edit/",
        councils.CouncilMemberUpdate.as_view(),
        name="council-member-update",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/delete/",
        councils.CouncilMemberDelete.as_view(),
        name="council-member-delete",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/move/",
        councils.CouncilMemberMove.as_view(),
        name="council-member-move",
    ),
]
