from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "goldenthread.legal"
    label = "legal"
