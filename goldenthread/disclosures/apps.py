from django.apps import AppConfig


class DisclosuresConfig(AppConfig):
    name = "goldenthread.disclosures"
    label = "disclosures"
