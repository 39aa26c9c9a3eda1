"""HTTP and WebSocket on one port: ``python -m project.serve`` (uvicorn) or
``python -m daphne project.asgi:application``."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

from project.http import get_http_application

# Django's handler, with the middleware chain in one hop on reused threads (project/http.py).
django_asgi_app = get_http_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from chat.routing import websocket_application  # noqa: E402
from files import daphne_limits  # noqa: E402
from files.body_limits import BodyLimitMiddleware  # noqa: E402
from project import daphne_adapter  # noqa: E402

# Before the server listens: close codes 1008/1009 and the frame limit, and
# request bodies over MAX_UPLOAD_SIZE refused inside Daphne, before they are
# buffered in memory.
daphne_adapter.install()
daphne_limits.install()

application = ProtocolTypeRouter(
    {
        # Bodies over the limit refused under any server (files/body_limits.py).
        "http": BodyLimitMiddleware(django_asgi_app),
        "websocket": websocket_application(),
    }
)

# Load now what the first answer would load, then leave everything loaded so
# far (it lives as long as the process) out of the garbage collector's full
# passes: walking it took 50-150 ms each time, a stall of every stream being
# relayed (bench/stream_relay.py).
import gc  # noqa: E402

from agents.runner import preload  # noqa: E402

preload()
gc.freeze()
