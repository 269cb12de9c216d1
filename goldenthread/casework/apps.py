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
