import os
import sys
from pathlib import Path

import pytest

# The fake server is on loopback: never let a proxy setting reroute the requests.
for _var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
    os.environ.pop(_var, None)

WORKSPACE = Path(__file__).resolve().parent.parent / "workspace"
if str(WORKSPACE) not in sys.path:
    sys.path.insert(0, str(WORKSPACE))

from fakeserver import FakeWeatherServer  # noqa: E402  (needs the path set above)


@pytest.fixture
def server():
    srv = FakeWeatherServer()
    try:
        yield srv
    finally:
        srv.close()
