from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "goldenthread.referrals"
    label = "referrals"
