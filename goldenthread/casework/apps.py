from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "goldenthread.casework"
    label = "casework"
