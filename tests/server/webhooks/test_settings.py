"""Webhook settings that must not be set by mistake, and the retry schedule they give."""
from __future__ import annotations

from datetime import timedelta

import pytest

from server import config
from tests.server.test_config import PRODUCTION, env  # noqa: F401  (fixture: a clean RAPPORT_* environment)


@pytest.mark.parametrize("variables, says", [
    ({**PRODUCTION, "RAPPORT_WEBHOOK_ALLOW_LOOPBACK": "true"}, "RAPPORT_WEBHOOK_ALLOW_LOOPBACK"),
    ({"RAPPORT_WEBHOOK_SENDER": "threads"}, "RAPPORT_WEBHOOK_SENDER"),
])
def test_unsafe_or_unknown_webhook_settings_refuse_to_start(env, tmp_path, variables, says):  # noqa: F811
    env(variables)
    with pytest.raises(config.ConfigError, match=says):
        config.load(str(tmp_path))


@pytest.mark.parametrize("attempts, longest", [(1, 5), (2, 10), (5, 80), (12, 7200), (40, 7200)])
def test_backoff_doubles_up_to_the_max_with_jitter(app, attempts, longest):
    from server.webhooks.delivery import backoff

    app.config.update(RAPPORT_WEBHOOK_RETRY_BASE=5.0, RAPPORT_WEBHOOK_RETRY_MAX=7200.0)
    with app.app_context():
        waits = {backoff(attempts) for _ in range(50)}
    assert all(timedelta(seconds=longest / 2) <= w <= timedelta(seconds=longest) for w in waits)
    assert len(waits) > 1  # jittered: retries of many endpoints do not arrive together
