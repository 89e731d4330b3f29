from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from config import views
from config.limits import rate_limited
from estimator import views as estimator_views

API_LIMIT = ("api", "ip")
API_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Pages that link no icon (the admin) make browsers ask for /favicon.ico.
    path("favicon.ico", views.favicon),
    path("i18n/setlang/", set_language, name="set_language"),
    # Rate-limited per client address, whatever the method (the APIs answer GET).
    path(
        "api/estimate",
        rate_limited(API_LIMIT, methods=API_METHODS, json=True)(estimator_views.api_estimate),
        name="api_estimate",
    ),
    path(
        "api/plan",
        rate_limited(API_LIMIT, methods=API_METHODS, json=True)(estimator_views.api_plan),
        name="api_plan",
    ),
    path("api/openapi.json", estimator_views.api_openapi, name="api_openapi"),
]

# French at "/", English at "/en/": a shared link keeps its language.
urlpatterns += i18n_patterns(
    path("", include("estimator.urls")),
    path("", include("creators.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
