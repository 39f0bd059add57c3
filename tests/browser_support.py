"""Headless Chromium for the browser tests (``test_browser.py``, ``test_slides.py``).

Where no Chromium is installed the browser tests are skipped, unless ``COURSE_REQUIRE_BROWSER=1``
(a machine that must run them, such as CI with Debian's ``chromium``): then they fail.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("chrome")
REQUIRE_ENV_VAR = "COURSE_REQUIRE_BROWSER"
#: Every request goes to a proxy that is not there (the discard port of this machine), loopback
#: included: a page that needs the network shows it. Pages opened from disk load as usual.
OFFLINE = ("--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>")


def require_chromium() -> str:
    """Chromium's path; skip the calling test where it is missing (fail if it is required)."""
    if CHROMIUM is None:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get(REQUIRE_ENV_VAR) == "1":
            pytest.fail(f"{message}, and {REQUIRE_ENV_VAR}=1 requires the browser tests")
        pytest.skip(message)
    return CHROMIUM


def chromium(*args: str, timeout: float = 120) -> str:
    """Run headless Chromium with ``args``; its standard output (e.g. ``--dump-dom``)."""
    command = [require_chromium(), "--headless", "--no-sandbox", "--disable-gpu",
               "--hide-scrollbars", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def with_script(page: str, script: str) -> str:
    """The HTML of ``page`` with ``script`` (a ``<script>`` element) run at the end of its body."""
    assert "</body>" in page
    return page.replace("</body>", script + "</body>")


def read_report(dom: str, element_id: str) -> dict | None:
    """The JSON that a page's script wrote into ``<pre id="element_id">`` (None if absent)."""
    match = re.search(rf'<pre id="{element_id}">(.*?)</pre>', dom, flags=re.S)
    return json.loads(html.unescape(match[1])) if match else None
