"""Headless Chromium (Debian's `chromium` + `chromium-driver`) through Selenium, with axe-core.

axe-core comes from the npm registry at a pinned version (`npm pack`) into build/test-cache, once
per machine; screenshots go to build/console-screenshots. Both folders are gitignored.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
AXE_VERSION = "4.11.0"
CACHE = ROOT / "build" / "test-cache"
SCREENSHOTS = ROOT / "build" / "console-screenshots"
SERIOUS = ("serious", "critical")


def axe_source() -> str:
    """axe.min.js of AXE_VERSION, fetched with `npm pack` the first time."""
    target = CACHE / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    if not target.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to fetch axe-core (Debian: apt-get install npm)")
        target.parent.mkdir(parents=True, exist_ok=True)
        out = subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--silent", "--pack-destination",
                              str(target.parent)], capture_output=True, text=True, timeout=300, check=True)
        tarball = target.parent / out.stdout.strip().splitlines()[-1]
        with tarfile.open(tarball) as archive:
            member = archive.extractfile("package/axe.min.js")
            target.write_bytes(member.read())
        tarball.unlink()
    return target.read_text(encoding="utf-8")


def chrome():
    """A headless Chromium driven by chromium-driver, sized like a landscape tablet."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        pytest.fail("chromium and chromium-driver are needed (make test installs them from Debian)")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--window-size=1280,900", "--disable-extensions", "--no-first-run"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


class Page:
    """The browser plus what every step does: a screenshot and an accessibility check."""

    def __init__(self, driver, base: str, axe: str):
        self.driver, self.base, self.axe = driver, base, axe
        self.checked: list[str] = []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)  # returns once the page has loaded

    def find(self, css: str):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def submit(self, css: str) -> None:
        """Click a button or link that loads a new page, and wait for that page."""
        from selenium.webdriver.support.ui import WebDriverWait

        old = self.driver.execute_script("return window.performance.timeOrigin")
        self.find(css).click()
        # A new document has a new time origin; comparing it avoids holding on to a node of the
        # old page, which chromium-driver reports in several ways once it is gone.
        WebDriverWait(self.driver, 60).until(lambda driver: driver.execute_script(
            "return document.readyState === 'complete' && window.performance.timeOrigin") not in (False, old))

    def check(self, name: str) -> None:
        """Save a screenshot and fail on any serious or critical axe-core violation of this page."""
        self.driver.save_screenshot(str(SCREENSHOTS / f"{len(self.checked) + 1:02d}-{name}.png"))
        self.driver.execute_script(self.axe)  # devtools evaluation: the page's CSP does not apply
        violations = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));")
        assert isinstance(violations, list), violations
        bad = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
               for v in violations if v["impact"] in SERIOUS]
        assert not bad, f"{name}: " + json.dumps(bad)
        self.checked.append(name)
