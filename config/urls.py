from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from emulation.views.language import LanguageSet

admin.site.site_header = _("Emulation and commendation administration")
admin.site.site_title = _("Emulation and commendation")

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", LanguageSet.as_view(), name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("schedules.urls")),
    path("", include("initiatives.urls")),
    path("", include("emulation.urls")),
]
