from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "goldenthread.casework"
    label = "casework"

    def ready(self) -> None:
        # Governance's budget links its flex-funds lines to these pools; it imports no other
        # area, so casework hands it the read-only reader here.
        from goldenthread.casework.queries import pool_spend
        from goldenthread.governance.queries import register_pool_reader

        register_pool_reader(pool_spend)

        # Every contact written or removed moves its month's counter (casework.counters).
        from django.db.models.signals import post_delete, post_save

        from goldenthread.casework import counters
        from goldenthread.casework.models import Contact

        post_save.connect(counters.counted, sender=Contact, dispatch_uid="contact_month_add")
        post_delete.connect(counters.uncounted, sender=Contact, dispatch_uid="contact_month_sub")
