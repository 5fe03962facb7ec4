#!/usr/bin/env python3
"""Maintainer script: refresh the vendored front-end files under static/thrivekit/vendor/.

Downloads the pinned npm packages with `npm pack` (Node is needed here only, never at install
time), copies their compiled files and records the versions in VERSIONS.json. nhsuk-frontend
must stay paired with the nhsuk-frontend-jinja version pinned in pyproject.toml.

    python scripts/vendor_frontend.py
"""

import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

PINNED = {
    # npm package: (version, paired Python package note)
    "nhsuk-frontend": ("10.6.1", "paired with nhsuk-frontend-jinja==0.10.2"),
    "htmx.org": ("2.0.11", ""),
    "axe-core": ("4.14.1", "used by the browser tests only"),
    # Charts (static/thrivekit/charts.js). The Vega 5 line because Altair 5 writes Vega-Lite 5
    # specs, and vega-interpreter 1.x is the last with a browser (UMD) build: it adds
    # vega.expressionInterpreter, the CSP-safe alternative to Vega's `new Function` expressions.
    # Move to vega 6 / vega-lite 6 / vega-embed 7 together with Altair 6.
    "vega": ("5.33.1", "charts; BSD-3-Clause"),
    "vega-lite": ("5.23.0", "charts; BSD-3-Clause; Altair 5.5 writes Vega-Lite 5 specs"),
    "vega-interpreter": ("1.2.1", "charts; BSD-3-Clause; CSP-safe expressions (no eval)"),
    "vega-embed": ("6.29.0", "charts; BSD-3-Clause; the last release for vega 5"),
    "cytoscape": ("3.34.4", "the interactive pathway map; MIT"),
}
# Browser builds of the chart packages, loaded in this order (each needs the ones before it).
VEGA_BUILDS = {
    "vega": "build/vega.min.js",
    "vega-lite": "build/vega-lite.min.js",
    "vega-interpreter": "build/vega-interpreter.min.js",
    "vega-embed": "build/vega-embed.min.js",
}
ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src/thrivekit/static/thrivekit/vendor"
# axe-core is for the browser tests only, so it is not served by the app.
AXE = ROOT / "tests/system/vendor/axe.min.js"


def fetch(package: str, version: str, workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"{package}@{version}", "--silent"], cwd=workdir, check=True)
    tarball = next(workdir.glob(f"{package.split('/')[-1]}-{version}.tgz"))
    target = workdir / package
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    VENDOR.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        version, _ = PINNED["nhsuk-frontend"]
        dist = fetch("nhsuk-frontend", version, work) / "dist/nhsuk"
        out = VENDOR / "nhsuk-frontend"
        out.mkdir()
        css = (dist / "nhsuk-frontend.min.css").read_text()
        # The compiled CSS points at /assets/; make it relative to where we serve it.
        css = re.sub(r"url\(/assets/", "url(assets/", css)
        css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
        (out / "nhsuk-frontend.min.css").write_text(css)
        js = (dist / "nhsuk-frontend.min.js").read_text()
        js = re.sub(r"//# sourceMappingURL=.*", "", js)
        (out / "nhsuk-frontend.min.js").write_text(js)
        shutil.copytree(dist / "assets", out / "assets")

        version, _ = PINNED["htmx.org"]
        htmx = fetch("htmx.org", version, work) / "dist/htmx.min.js"
        (VENDOR / "htmx").mkdir()
        shutil.copy(htmx, VENDOR / "htmx/htmx.min.js")

        out = VENDOR / "vega"
        out.mkdir()
        for package, build in VEGA_BUILDS.items():
            version, _ = PINNED[package]
            source = fetch(package, version, work)
            js = (source / build).read_text(encoding="utf-8")
            # Only the trailing source-map comment; the maps are not vendored.
            js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", js)
            (out / Path(build).name).write_text(js, encoding="utf-8")
            if (source / "LICENSE").exists():
                shutil.copy(source / "LICENSE", out / f"{package}.LICENSE.txt")

        version, _ = PINNED["cytoscape"]
        cytoscape = fetch("cytoscape", version, work)
        (VENDOR / "cytoscape").mkdir()
        shutil.copy(cytoscape / "dist/cytoscape.min.js", VENDOR / "cytoscape/cytoscape.min.js")
        shutil.copy(cytoscape / "LICENSE", VENDOR / "cytoscape/LICENSE.txt")

        version, _ = PINNED["axe-core"]
        axe = fetch("axe-core", version, work) / "axe.min.js"
        AXE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(axe, AXE)

    record = {name: {"version": v, "note": note} for name, (v, note) in PINNED.items()}
    (VENDOR / "VERSIONS.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"Vendored {', '.join(f'{n}@{v}' for n, (v, _) in PINNED.items())} into {VENDOR}")


if __name__ == "__main__":
    main()
