"""What every end-to-end test starts from: a fake Bot API on 127.0.0.1 that knows the test
module's own TOKEN (each module has its own, so a log check proves it is that token that never
leaks)."""

import pytest

from tests.fake_telegram import FakeTelegram


@pytest.fixture
def fake(request):
    server = FakeTelegram(request.module.TOKEN)
    server.start()
    yield server
    server.stop()
