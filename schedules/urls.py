from django.urls import path

from .views import calendar, completion, plans

app_name = "schedules"

urlpatterns = [
    # plans.py
    path("plans/", plans.PlanList.as_view(), name="plan-list"),
    path("plans/new/", plans.PlanCreate.as_view(), name="plan-create"),
    path("plans/<int:pk>/", plans.PlanDetail.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.PlanUpdate.as_view(), name="plan-update"),
    path("plans/<int:pk>/timeline/import/", plans.TimelineImport.as_view(), name="timeline-import"),
    path("plans/<int:pk>/milestones/new/", plans.MilestoneCreate.as_view(), name="milestone-create"),
    path("plans/<int:pk>/milestones/<int:milestone>/", plans.MilestoneUpdate.as_view(), name="milestone-update"),
    path("plans/<int:pk>/milestones/<int:milestone>/delete/", plans.MilestoneDelete.as_view(), name="milestone-delete"),
    path("plans/<int:pk>/issue/", plans.PlanIssue.as_view(), name="plan-issue"),
    # completion.py
    # calendar.py
]
