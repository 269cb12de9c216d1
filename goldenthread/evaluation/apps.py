from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "goldenthread.evaluation"
    label = "evaluation"
