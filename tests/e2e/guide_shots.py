"""Pictures of the user guide (docs/guide/images), taken by the browser tests as they walk each
role's path (issue 15.5): a changed screen changes the guide's picture on the next run.

``guide_shot(page, "daumoi-gui-duyet")`` saves what the tab shows (its viewport, not the whole
page) as docs/guide/images/daumoi-gui-duyet.png and records the name in
test-results/e2e/guide-shots.txt. tests/guide/test_guide_pages.py reads the names passed to
``guide_shot`` from this folder's source and fails when a guide page shows a picture no test
takes.
"""

import io
import re
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
GUIDE_IMAGES = ROOT / "docs" / "guide" / "images"
SHOTS_LIST = ROOT / "test-results" / "e2e" / "guide-shots.txt"
SHOT_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Colours kept in a picture: screens of the admin and the site need few, and a palette PNG is a
# fraction of the size of a full-colour one.
COLOURS = 128


def guide_shot(page, name):
    """Save the tab's viewport as the guide's picture ``name`` (lower-case words and hyphens)."""
    assert SHOT_NAME.fullmatch(name), f"a guide picture's name is lower-case words and hyphens: {name!r}"
    page.wait_for_load_state("load")
    png = page.screenshot(full_page=False, animations="disabled", caret="hide")
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    viewport = page.viewport_size
    if viewport and picture.width > viewport["width"]:  # a phone's 2× pixels: CSS size is enough
        picture = picture.resize((viewport["width"], viewport["height"]), Image.Resampling.LANCZOS)
    GUIDE_IMAGES.mkdir(parents=True, exist_ok=True)
    picture.quantize(COLOURS, method=Image.Quantize.MEDIANCUT).save(
        GUIDE_IMAGES / f"{name}.png", optimize=True
    )
    SHOTS_LIST.parent.mkdir(parents=True, exist_ok=True)
    with SHOTS_LIST.open("a", encoding="utf-8") as shots:
        shots.write(f"{name}\n")
