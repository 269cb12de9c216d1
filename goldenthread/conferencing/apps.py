from django.apps import AppConfig


class ConferencingConfig(AppConfig):
    name = "goldenthread.conferencing"
    label = "conferencing"
