"""Writes a PNG with Pillow (an independent encoder) from JSON on stdin: {"mode","width","height","pixels",
"palette"?, "optimize"?, "bits"?}; pixels are a flat list (tuples for multi-channel modes). Prints the PNG as hex."""
import io, json, sys
from PIL import Image

spec = json.load(sys.stdin)
mode = spec["mode"]
size = (spec["width"], spec["height"])
pixels = [tuple(p) if isinstance(p, list) else p for p in spec["pixels"]]
image = Image.new(mode, size)
image.putdata(pixels)
if mode == "P":
    image.putpalette(spec["palette"])
out = io.BytesIO()
options = {"optimize": spec.get("optimize", False)}
if "bits" in spec:
    options["bits"] = spec["bits"]
image.save(out, format="PNG", **options)
sys.stdout.write(out.getvalue().hex())
