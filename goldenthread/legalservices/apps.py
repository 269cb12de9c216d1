from django.apps import AppConfig


class LegalservicesConfig(AppConfig):
    name = "goldenthread.legalservices"
    label = "legalservices"
