import datetime

from django.urls import include, path, register_converter
from django.utils import timezone

from creators import import_views, media_kit_views, tiktok_views, views
from creators.models import trackable_month


class MonthConverter:
    regex = r"\d{4}-(0[1-9]|1[0-2])"

    def to_python(self, value: str) -> str:
        # Not a month that can have stats (year 0, the far future): no such page, a 404.
        year, month = int(value[:4]), int(value[5:])
        if year < 1 or not trackable_month(datetime.date(year, month, 1), timezone.localdate()):
            raise ValueError(value)
        return value

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else value.strftime("%Y-%m")


register_converter(MonthConverter, "month")

urlpatterns = [
    path("account/", include("creators.account_urls")),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("profiles/new/", views.profile_create, name="profile_create"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/delete/", views.profile_delete, name="profile_delete"),
    path("profiles/<int:pk>/months/new/", views.month_create, name="month_create"),
    path("profiles/<int:pk>/months/<month:month>/", views.month_edit, name="month_edit"),
    path(
        "profiles/<int:pk>/months/<month:month>/delete/",
        views.month_delete,
        name="month_delete",
    ),
    path("profiles/<int:pk>/recalculate/", views.profile_recalculate, name="profile_recalculate"),
    path("profiles/<int:pk>/plan/", views.profile_plan, name="profile_plan"),
    path(
        "profiles/<int:pk>/media-kit/",
        media_kit_views.media_kit_settings,
        name="media_kit_settings",
    ),
    path("kit/<str:token>/", media_kit_views.media_kit_page, name="media_kit"),
    path("kit/<str:token>/pdf/", media_kit_views.media_kit_pdf, name="media_kit_pdf"),
    path(
        "kit/<str:token>/photo/<str:digest>.jpg",
        media_kit_views.media_kit_photo,
        name="media_kit_photo",
    ),
    path("profiles/<int:pk>/import/", import_views.import_upload, name="profile_import"),
    path(
        "profiles/<int:pk>/import/preview/",
        import_views.import_preview,
        name="profile_import_preview",
    ),
    path(
        "profiles/<int:pk>/import/confirm/",
        import_views.import_confirm,
        name="profile_import_confirm",
    ),
    path("profiles/<int:pk>/export.csv", import_views.export_csv, name="profile_export_csv"),
    path("profiles/<int:pk>/export.xlsx", import_views.export_xlsx, name="profile_export_xlsx"),
    path("profiles/<int:pk>/tiktok/connect/", tiktok_views.tiktok_connect, name="tiktok_connect"),
    path(
        "profiles/<int:pk>/tiktok/disconnect/",
        tiktok_views.tiktok_disconnect,
        name="tiktok_disconnect",
    ),
    path("tiktok/callback/", tiktok_views.tiktok_callback, name="tiktok_callback"),
]
