from django.urls import path

from estimator import views

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan_page, name="plan"),
]
