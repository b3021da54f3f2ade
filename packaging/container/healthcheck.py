"""The image's HEALTHCHECK: Reelarr's /ping answers on the port and URL base the environment sets."""

import os
import sys
import urllib.request

port = os.environ.get("REELARR_PORT", "7878")
base = os.environ.get("REELARR_URL_BASE", "").rstrip("/")
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{base}/ping", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except OSError as error:
    print(f"reelarr health check: {error}", file=sys.stderr)
    sys.exit(1)
