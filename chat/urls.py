from django.urls import re_path  # noqa: F401

urlpatterns: list = []
