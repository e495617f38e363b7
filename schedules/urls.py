from django.urls import path

from .views import completion, plans, timeline

app_name = "schedules"

urlpatterns = [
    # plans.py
    path("plans/", plans.PlanList.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreate.as_view(), name="plan-create"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdate.as_view(), name="plan-update"),
    path("plans/<int:pk>/sections/<int:section>/move/", plans.PlanSectionMove.as_view(), name="plan-section-move"),
    path("plans/<int:pk>/milestones/new/", plans.MilestoneCreate.as_view(), name="milestone-create"),
    path("plans/<int:pk>/milestones/<int:milestone>/", plans.MilestoneUpdate.as_view(), name="milestone-update"),
    path("plans/<int:pk>/milestones/<int:milestone>/delete/", plans.MilestoneDelete.as_view(), name="milestone-delete"),
    path("plans/<int:pk>/issue/", plans.PlanIssue.as_view(), name="plan-issue"),
    path("plans/<int:pk>/pdf/", plans.PlanPdf.as_view(), name="plan-pdf"),
    path("plans/<int:pk>/timeline.xlsx", plans.PlanTimelineExport.as_view(), name="plan-timeline-xlsx"),
    # timeline.py
    path("plans/<int:pk>/timeline/import/", timeline.TimelineImport.as_view(), name="timeline-import"),
    path(
        "plans/<int:pk>/timeline/import/<slug:token>/",
        timeline.TimelineImportPreview.as_view(),
        name="timeline-import-preview",
    ),
    path(
        "plans/<int:pk>/timeline/import/<slug:token>/confirm/",
        timeline.TimelineImportConfirm.as_view(),
        name="timeline-import-confirm",
    ),
    path(
        "plans/<int:pk>/timeline/import/<slug:token>/cancel/",
        timeline.TimelineImportCancel.as_view(),
        name="timeline-import-cancel",
    ),
    # completion.py
    path("completion/", completion.CompletionMatrix.as_view(), name="completion-matrix"),
    path("completion/export.xlsx", completion.CompletionExport.as_view(), name="completion-export"),
    path("completion/<int:deadline>/<int:unit>/", completion.CompletionCell.as_view(), name="completion-cell"),
    path("completion/<int:deadline>/<int:unit>/extend/", completion.ExtensionGrant.as_view(), name="completion-extend"),
    path(
        "completion/<int:deadline>/<int:unit>/done/", completion.CompletionConfirm.as_view(), name="completion-confirm"
    ),
    path("completion/<int:deadline>/<int:unit>/file/", completion.CompletionFile.as_view(), name="completion-file"),
    path(
        "completion/<int:deadline>/<int:unit>/request/",
        completion.ExtensionRequestCreate.as_view(),
        name="completion-request",
    ),
]
