from django.urls import path

from . import views

app_name = "emulation"

urlpatterns = [
    path("", views.Dashboard.as_view(), name="dashboard"),
    path("units/", views.UnitList.as_view(), name="unit-list"),
    path("units/<int:pk>/", views.UnitDetail.as_view(), name="unit-detail"),
    path("units/<int:pk>/accounts/new/", views.UnitAccountCreate.as_view(), name="unit-account-create"),
    path("staff/", views.PersonList.as_view(), name="person-list"),
    path("staff/new/", views.PersonCreate.as_view(), name="person-create"),
    path("staff/<int:pk>/edit/", views.PersonUpdate.as_view(), name="person-update"),
    path("staff/export.xlsx", views.StaffExport.as_view(), name="staff-export"),
    path("staff/import/", views.StaffImport.as_view(), name="staff-import"),
    path("staff/import/template.xlsx", views.StaffImportTemplate.as_view(), name="staff-import-template"),
    path("staff/<int:pk>/active/", views.PersonSetActive.as_view(), name="person-set-active"),
]
