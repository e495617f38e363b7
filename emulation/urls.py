from django.urls import path

from . import registration_views, views

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
    path("registrations/<int:pk>/", registration_views.RegistrationDetail.as_view(), name="registration-detail"),
    # registration_office_views.py (the office's list, review and exports)
    # council_views.py
]
