"""Only here to refuse building a wheel without the web UI's npm-built files (scripts/install.sh
copies them into src/reelarr/web/static/vendor): a wheel without them serves a broken UI."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

VENDOR = Path(__file__).parent / "src" / "reelarr" / "web" / "static" / "vendor"
UI_ASSETS = ("htmx.min.js", "sse.min.js", "pico.min.css")


class BuildWithUiAssets(build_py):
    def run(self) -> None:
        missing = [name for name in UI_ASSETS if not (VENDOR / name).is_file()]
        # An editable install links the source tree, where install.sh adds the files afterwards.
        if missing and not self.editable_mode:
            raise SystemExit(
                f"the web UI's files are missing from {VENDOR}: {', '.join(missing)}; "
                "run scripts/install.sh first"
            )
        super().run()


setup(cmdclass={"build_py": BuildWithUiAssets})
