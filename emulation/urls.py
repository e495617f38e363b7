from django.urls import path

from . import council_views, registration_office_views, registration_views, views

app_name = "emulation"

urlpatterns = [
    path("", views.Dashboard.as_view(), name="dashboard"),
    path("units/", views.UnitList.as_view(), name="unit-list"),
    path("units/<int:pk>/", views.UnitDetail.as_view(), name="unit-detail"),
    path("units/<int:pk>/accounts/new/", views.UnitAccountCreate.as_view(), name="unit-account-create"),
    path("staff/", views.PersonList.as_view(), name="person-list"),
    path("documents/<int:pk>/", views.DocumentJobStatus.as_view(), name="document-job"),
    path("documents/<int:pk>/download/", views.DocumentJobDownload.as_view(), name="document-download"),
    path("staff/new/", views.PersonCreate.as_view(), name="person-create"),
    path("staff/<int:pk>/edit/", views.PersonUpdate.as_view(), name="person-update"),
    path("staff/export.xlsx", views.StaffExport.as_view(), name="staff-export"),
    path("staff/import/", views.StaffImport.as_view(), name="staff-import"),
    path("staff/import/template.xlsx", views.StaffImportTemplate.as_view(), name="staff-import-template"),
    path("staff/import/preview/", views.StaffImportPreview.as_view(), name="staff-import-preview"),
    path("staff/import/rows-to-fix.xlsx", views.StaffImportProblems.as_view(), name="staff-import-problems"),
    path("staff/import/commit/", views.StaffImportCommit.as_view(), name="staff-import-commit"),
    path("staff/import/cancel/", views.StaffImportCancel.as_view(), name="staff-import-cancel"),
    path("staff/<int:pk>/active/", views.PersonSetActive.as_view(), name="person-set-active"),
    path("deadlines/calendar/", views.DeadlineCalendar.as_view(), name="deadline-calendar"),
    path("calendar/<slug:token>.ics", views.CalendarFeed.as_view(), name="calendar-feed"),
    path("units/<int:pk>/calendar/reset/", views.CalendarFeedReset.as_view(), name="calendar-feed-reset"),
    path("notifications/", views.NotificationList.as_view(), name="notification-list"),
    path("notifications/<int:pk>/", views.NotificationOpen.as_view(), name="notification-open"),
    path("notifications/read-all/", views.NotificationReadAll.as_view(), name="notification-read-all"),
    # registration_views.py (the school's registration page)
    path("registrations/mine/", registration_views.RegistrationMine.as_view(), name="registration-mine"),
    path("registrations/<int:pk>/", registration_views.RegistrationDetail.as_view(), name="registration-detail"),
    path(
        "registrations/<int:pk>/lines/", registration_views.RegistrationLinesUpdate.as_view(), name="registration-lines"
    ),
    path(
        "registrations/<int:pk>/targets/add/",
        registration_views.RegistrationTargetCreate.as_view(),
        name="registration-target-add",
    ),
    path(
        "registrations/<int:pk>/targets/<int:target_pk>/remove/",
        registration_views.RegistrationTargetDelete.as_view(),
        name="registration-target-remove",
    ),
    path(
        "registrations/<int:pk>/files/<slug:kind>/",
        registration_views.RegistrationFileUpload.as_view(),
        name="registration-file-upload",
    ),
    path(
        "registrations/<int:pk>/files/<slug:kind>/download/",
        registration_views.RegistrationFileDownload.as_view(),
        name="registration-file-download",
    ),
    path("registrations/<int:pk>/submit/", registration_views.RegistrationSubmit.as_view(), name="registration-submit"),
    path(
        "registrations/<int:pk>/workbook.xlsx",
        registration_views.RegistrationWorkbook.as_view(),
        name="registration-workbook",
    ),
    path("registrations/<int:pk>/import/", registration_views.RegistrationImport.as_view(), name="registration-import"),
    path(
        "registrations/<int:pk>/import/<slug:token>/",
        registration_views.RegistrationImportPreview.as_view(),
        name="registration-import-preview",
    ),
    path(
        "registrations/<int:pk>/import/<slug:token>/commit/",
        registration_views.RegistrationImportCommit.as_view(),
        name="registration-import-commit",
    ),
    path(
        "registrations/<int:pk>/import/<slug:token>/cancel/",
        registration_views.RegistrationImportCancel.as_view(),
        name="registration-import-cancel",
    ),
    # registration_office_views.py (the office's list, review and exports)
    path("registrations/", registration_office_views.RegistrationList.as_view(), name="registration-list"),
    path(
        "registrations/list.xlsx",
        registration_office_views.RegistrationListExport.as_view(),
        name="registration-list-export",
    ),  # fmt: skip
    path(
        "registrations/consolidated.xlsx",
        registration_office_views.RegistrationConsolidatedExport.as_view(),
        name="registration-consolidated-export",
    ),  # fmt: skip
    path(
        "registrations/consolidated.pdf",
        registration_office_views.RegistrationListPdf.as_view(),
        name="registration-list-pdf",
    ),
    path(
        "registrations/accept/",
        registration_office_views.RegistrationBulkAccept.as_view(),
        name="registration-bulk-accept",
    ),
    path(
        "registrations/<int:pk>/review/",
        registration_office_views.RegistrationReview.as_view(),
        name="registration-review",
    ),
    # council_views.py
    path("councils/", council_views.CouncilList.as_view(), name="council-list"),
    path("councils/export.xlsx", council_views.CouncilListExport.as_view(), name="council-list-export"),
    path("councils/new/", council_views.CouncilCreate.as_view(), name="council-create"),
    path("councils/<int:pk>/", council_views.CouncilDetail.as_view(), name="council-detail"),
    path("councils/<int:pk>/edit/", council_views.CouncilUpdate.as_view(), name="council-update"),
    path("councils/<int:pk>/decision/", council_views.CouncilDecisionDownload.as_view(), name="council-decision"),
    path("councils/<int:pk>/members.xlsx", council_views.CouncilMemberExport.as_view(), name="council-member-export"),
    path("councils/<int:pk>/members/new/", council_views.CouncilMemberCreate.as_view(), name="council-member-create"),
    path(
        "councils/<int:pk>/members/<int:member_pk>/edit/",
        council_views.CouncilMemberUpdate.as_view(),
        name="council-member-update",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/delete/",
        council_views.CouncilMemberDelete.as_view(),
        name="council-member-delete",
    ),
    path(
        "councils/<int:pk>/members/<int:member_pk>/move/",
        council_views.CouncilMemberMove.as_view(),
        name="council-member-move",
    ),
]
