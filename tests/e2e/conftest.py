"""Fixtures for end-to-end tests: one real desktop (Xvfb + openbox), an app per test."""

from __future__ import annotations

import pytest

from tests.e2e.desktop import App, Desktop, missing_tools


@pytest.fixture(scope="session")
def desktop():
    missing = missing_tools()
    if missing:
        pytest.skip(
            "end-to-end tests need a real X server with a window manager: "
            f"apt-get install {' '.join(missing)}"
        )
    d = Desktop()
    d.start()
    yield d
    d.stop()


@pytest.fixture
def launch(desktop, tmp_path):
    """launch(*args) starts ``python main.py *args``; whatever is still running is killed after."""
    apps: list[App] = []

    def start(*args: str) -> App:
        app = App(desktop, list(args), tmp_path / f"home{len(apps)}")
        apps.append(app)
        return app

    (tmp_path / "home0").mkdir()
    for i in range(1, 4):
        (tmp_path / f"home{i}").mkdir()
    yield start
    for app in apps:
        app.kill()
