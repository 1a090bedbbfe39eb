from django.contrib import admin
from django.urls import include, path

from kinerja.accounts import urls as account_urls
from kinerja.people import account_urls as people_account_urls

urlpatterns = [
    path("", include("kinerja.home.urls")),
    path("", include("kinerja.core.urls")),
    # one namespace: log-in and passwords (accounts), users, roles and bulk logins (people)
    path("accounts/", include((account_urls.urlpatterns + people_account_urls.urlpatterns, "accounts"))),
    path("org/", include("kinerja.organization.urls")),
    path("people/", include("kinerja.people.urls")),
    path("audit/", include("kinerja.auditlog.urls")),
    path("settings/", include("kinerja.instancesettings.urls")),
    path("plan/", include("kinerja.planning.urls")),
    path("skp/documents/", include("kinerja.skp.documents.urls")),
    path("skp/", include("kinerja.skp.urls")),
    path("progress/", include("kinerja.progress.urls")),
    path("socialisation/", include("kinerja.socialisation.urls")),
    path("alignment/", include("kinerja.alignment.urls")),
    path("exports/", include("kinerja.exports.urls")),
    path("dashboard/", include("kinerja.dashboard.urls")),
    path("feedback/", include("kinerja.feedback.urls")),
    path("evaluation/", include("kinerja.evaluation.urls")),
    path("360/", include("kinerja.feedback360.urls")),
    path("monev/", include("kinerja.monev.urls")),
    path("notifications/", include("kinerja.notifications.urls")),
    path("api/v1/", include("kinerja.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Our own error pages in the app's layout and the user's language; JSON under /api/ (core/error_pages.py).
handler400 = "kinerja.core.error_pages.bad_request"
handler403 = "kinerja.core.error_pages.permission_denied"
handler404 = "kinerja.core.error_pages.page_not_found"
handler500 = "kinerja.core.error_pages.server_error"
