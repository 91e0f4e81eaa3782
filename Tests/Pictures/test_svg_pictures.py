"""The notebook pictures as SVG: every kind of picture `pictures.ur` draws must

- parse as XML and be labelled for screen readers (role="img", aria-labelledby naming
  a <title> and a <desc> that say something);
- keep its text apart: no two <text> elements' ink boxes overlap, and none leaves the
  picture (boxes measured with DejaVu Sans' own glyph metrics through fontTools,
  transforms and text-anchor applied);
- render with librsvg (rsvg-convert) to the golden PNG in Tests/Golden/pictures/svg
  within a small tolerance. UNROLL_RECORD_GOLDEN=1 writes the goldens instead.

Run from the repository root after `swift build`: python3 -m pytest Tests/Pictures -q
"""
import io
import json
import math
import os
import pathlib
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops

ROOT = pathlib.Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "Tests" / "Golden" / "pictures" / "svg"
SVG = "{http://www.w3.org/2000/svg}"
NAMES = [
    "plot-1-linear", "plot-1-log", "plot-5-linear", "plot-5-log", "heatmap", "bar",
    "unrolled-T3", "unrolled-T30", "unrolled-T100", "factors-T5", "factors-T100",
]


@pytest.fixture(scope="module")
def pictures():
    binary = os.environ.get("UNROLL_BIN", str(ROOT / ".build" / "debug" / "unroll"))
    done = subprocess.run([binary, "run", "--json", str(ROOT / "Tests" / "Pictures" / "pictures.ur")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    bundles = [json.loads(line)["display"] for line in done.stdout.splitlines() if line.strip()]
    assert len(bundles) == len(NAMES), f"pictures.ur drew {len(bundles)} pictures, NAMES lists {len(NAMES)}"
    return dict(zip(NAMES, bundles))


# MARK: Font metrics

class Font:
    """Advance widths and ink extents of one TrueType font, in em."""

    def __init__(self, pattern):
        path = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, check=True).stdout
        assert "DejaVu" in path, f"{pattern} resolves to {path}: install fonts-dejavu-core"
        font = TTFont(path)
        self.cmap = font.getBestCmap()
        self.units = font["head"].unitsPerEm
        self.advances = font["hmtx"].metrics
        self.glyphs = font["glyf"]

    def box(self, text, size):
        """(width, top above the baseline, bottom below it) of `text` at `size` pixels."""
        width, top, bottom = 0.0, 0.0, 0.0
        for char in text:
            name = self.cmap.get(ord(char), ".notdef")
            width += self.advances[name][0]
            glyph = self.glyphs[name]
            if getattr(glyph, "numberOfContours", 0):
                top, bottom = max(top, glyph.yMax), min(bottom, glyph.yMin)
        scale = size / self.units
        return width * scale, top * scale, -bottom * scale


FONTS = {}


def font(bold):
    if bold not in FONTS:
        FONTS[bold] = Font("DejaVu Sans:bold" if bold else "DejaVu Sans")
    return FONTS[bold]


# MARK: Geometry

def transform_matrix(text):
    """The affine matrix (a, b, c, d, e, f) of an SVG transform list of translate and rotate."""
    matrix = (1, 0, 0, 1, 0, 0)
    for kind, args in re.findall(r"(translate|rotate)\(([^)]*)\)", text or ""):
        numbers = [float(x) for x in re.split(r"[ ,]+", args.strip())]
        if kind == "translate":
            step = (1, 0, 0, 1, numbers[0], numbers[1] if len(numbers) > 1 else 0)
        else:
            angle = math.radians(numbers[0])
            cx, cy = (numbers[1], numbers[2]) if len(numbers) == 3 else (0, 0)
            c, s = math.cos(angle), math.sin(angle)
            step = (c, s, -s, c, cx - c * cx + s * cy, cy - s * cx - c * cy)
        matrix = multiply(matrix, step)
    return matrix


def multiply(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2, a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def text_boxes(root):
    """(text, (left, top, right, bottom)) for every <text>, in document coordinates."""
    default_size = float(root.get("font-size", 16))
    boxes = []

    def visit(element, matrix):
        matrix = multiply(matrix, transform_matrix(element.get("transform")))
        if element.tag == SVG + "text":
            content = "".join(element.itertext())
            size = float(element.get("font-size", default_size))
            width, above, below = font(element.get("font-weight") == "bold").box(content, size)
            x, y = float(element.get("x", 0)), float(element.get("y", 0))
            x -= {"middle": width / 2, "end": width}.get(element.get("text-anchor"), 0)
            corners = [apply(matrix, px, py) for px in (x, x + width) for py in (y - above, y + below)]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            boxes.append((content, (min(xs), min(ys), max(xs), max(ys))))
        for child in element:
            visit(child, matrix)

    visit(root, (1, 0, 0, 1, 0, 0))
    return boxes


def overlap(a, b):
    return min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5


# MARK: Tests

@pytest.mark.parametrize("name", NAMES)
def test_svg_is_xml_labelled_for_screen_readers(pictures, name):
    root = ET.fromstring(pictures[name]["image/svg+xml"])
    assert root.tag == SVG + "svg" and root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    labels = {child.get("id"): child for child in root if child.tag in (SVG + "title", SVG + "desc")}
    assert set(ids) == set(labels) and len(ids) == 2, "aria-labelledby names the <title> and the <desc>"
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    assert title is not None and title.text and title.text.strip()
    assert desc is not None and len(desc.text or "") > 40, "the description says what the picture shows"
    assert desc.text.strip() == pictures[name]["text/plain"].split("\n\n")[0], "the notebook's text/plain carries the same description"


@pytest.mark.parametrize("name", NAMES)
def test_text_never_overlaps_and_stays_inside(pictures, name):
    root = ET.fromstring(pictures[name]["image/svg+xml"])
    width, height = float(root.get("width")), float(root.get("height"))
    boxes = text_boxes(root)
    assert boxes, "every picture has some text"
    for text, (left, top, right, bottom) in boxes:
        assert left >= -0.5 and top >= -0.5 and right <= width + 0.5 and bottom <= height + 0.5, \
            f"{text!r} at {left:.1f},{top:.1f}–{right:.1f},{bottom:.1f} leaves the {width:g} × {height:g} picture"
    clashes = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:] if overlap(a[1], b[1])]
    assert not clashes, f"overlapping text: {clashes[:5]}"


@pytest.mark.parametrize("name", NAMES)
def test_png_matches_the_golden_image(pictures, name, tmp_path):
    done = subprocess.run(["rsvg-convert", "--format", "png"], input=pictures[name]["image/svg+xml"].encode(),
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    image = Image.open(io.BytesIO(done.stdout)).convert("RGB")
    golden = GOLDEN / f"{name}.png"
    if os.environ.get("UNROLL_RECORD_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        image.save(golden, optimize=True)
        return
    assert golden.exists(), f"{golden} is missing: UNROLL_RECORD_GOLDEN=1 writes it"
    expected = Image.open(golden).convert("RGB")
    assert image.size == expected.size, f"{name}: {image.size} instead of {expected.size}"
    difference = ImageChops.difference(image, expected).convert("L")
    histogram = difference.histogram()
    pixels = image.size[0] * image.size[1]
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[64:]) / pixels
    if mean > 1.0 or changed > 0.005:
        difference.point(lambda v: 255 - min(255, v * 4)).save(tmp_path / f"{name}-difference.png")
        image.save(tmp_path / f"{name}.png")
    assert mean <= 1.0 and changed <= 0.005, \
        f"{name} differs from its golden image: mean difference {mean:.2f}, {changed:.2%} of pixels changed (see {tmp_path})"


def test_the_checks_catch_overlapping_and_escaping_text():
    svg = ET.fromstring(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="60" font-size="11">'
        '<text x="10" y="20">label</text><text x="30" y="24" text-anchor="middle">tick</text>'
        '<text x="14" y="40" text-anchor="middle" transform="rotate(-90 14 40)">caption</text>'
        '<g transform="translate(0 30)"><text x="60" y="25">below</text></g></svg>')
    boxes = dict(text_boxes(svg))
    assert overlap(boxes["label"], boxes["tick"]), "text a few pixels apart overlaps"
    left, top, right, bottom = boxes["caption"]
    assert bottom - top > right - left, "a rotated caption stands upright"
    assert boxes["below"][3] > 55, "a group's translation moves its text"
    assert not overlap(boxes["label"], boxes["below"])
