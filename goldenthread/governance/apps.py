from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "goldenthread.governance"
    label = "governance"
