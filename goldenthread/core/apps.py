from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


def encryption_keys_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """Every FIELD_ENCRYPTION_KEYS entry must be a Fernet key (docs/encryption.md)."""
    from goldenthread.core import crypto

    try:
        crypto.current_fernet()
        crypto.encrypt("")
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="goldenthread.E002")]
    return []


def encryption_keys_deploy_check(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """``check --deploy``: the encryption and identifier-hash keys must be set, not derived
    from SECRET_KEY as in development."""
    if getattr(settings, "ENCRYPTION_KEYS_DERIVED", False):
        return [
            checks.Error(
                "FIELD_ENCRYPTION_KEYS and IDENTIFIER_HASH_KEYS are not both set: the "
                "development keys derived from SECRET_KEY are in use.",
                id="goldenthread.E001",
            )
        ]
    return []


class CoreConfig(AppConfig):
    name = "goldenthread.core"
    label = "core"

    def ready(self) -> None:
        from goldenthread.core import lookups

        lookups.register()
        checks.register(encryption_keys_check, checks.Tags.security)
        checks.register(encryption_keys_deploy_check, checks.Tags.security, deploy=True)
