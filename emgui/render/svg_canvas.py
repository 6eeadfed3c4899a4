"""SVG output of a figure: the canvas primitives written as plain SVG 1.1 elements.

Written by hand rather than through QSvgGenerator, whose files carry the painter's data
transform and ``vector-effect="non-scaling-stroke"`` (which librsvg and ImageMagick do not
honour: ellipses become blobs): here every coordinate is in output pixels, every stroke
has its width, one ``<path>`` per ellipse and one ``<circle>`` per point, fonts named with
generic fallbacks. Renders alike in Qt, librsvg, browsers and Inkscape.
"""

from __future__ import annotations

import base64
import io
from xml.sax.saxutils import escape, quoteattr

import numpy as np

from emgui.render.figure_canvas import Color, baseline, rgba_of_argb
from emgui.render.figure_layout import FONT_FALLBACKS


def _num(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _paint(c: Color) -> str:
    return f"#{c[0]:02x}{c[1]:02x}{c[2]:02x}"


def _opacity(attr: str, c: Color) -> str:
    return "" if c[3] >= 255 else f' {attr}="{c[3] / 255:.3f}"'


def _points(xy: np.ndarray) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in np.asarray(xy, dtype=np.float64).tolist())


class SvgCanvas:
    """Collects SVG elements; :meth:`document` returns the file's text."""

    def __init__(self, width: float, height: float, title: str = "", description: str = ""):
        self.width, self.height = width, height
        self.title, self.description = title, description
        self._out: list[str] = []
        self._defs: list[str] = []
        self._open: list[str] = []
        self._clip_id = 0

    # ------------------------------------------------------------------ primitives
    def rect(self, x, y, w, h, fill, stroke=None, width=1.0):
        attrs = f'fill="{_paint(fill)}"{_opacity("fill-opacity", fill)}' if fill else 'fill="none"'
        if stroke:
            attrs += f' stroke="{_paint(stroke)}" stroke-width="{_num(width)}"'
            attrs += _opacity("stroke-opacity", stroke)
        self._out.append(
            f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" {attrs}/>'
        )

    def segments(self, seg, color, width):
        seg = np.asarray(seg, dtype=np.float64).reshape(-1, 4)
        if not len(seg):
            return
        d = " ".join(f"M{_num(a)},{_num(b)}L{_num(c)},{_num(e)}" for a, b, c, e in seg.tolist())
        self._out.append(
            f'<path d="{d}" fill="none" stroke="{_paint(color)}" stroke-width="{_num(width)}"'
            f"{_opacity('stroke-opacity', color)}/>"
        )

    def polyline(self, xy, color, width, dash=None, closed=False):
        xy = np.asarray(xy, dtype=np.float64)
        if len(xy) < 2:
            return
        pts = xy.tolist()
        d = f"M{_num(pts[0][0])},{_num(pts[0][1])}" + "".join(
            f"L{_num(x)},{_num(y)}" for x, y in pts[1:]
        )
        if closed:
            d += "Z"
        dash_attr = f' stroke-dasharray="{",".join(_num(v) for v in dash)}"' if dash else ""
        self._out.append(
            f'<path d="{d}" fill="none" stroke="{_paint(color)}" stroke-width="{_num(width)}"'
            f'{_opacity("stroke-opacity", color)} stroke-linejoin="round"{dash_attr}/>'
        )

    def polygon(self, xy, fill):
        if len(xy) < 3:
            return
        opacity = _opacity("fill-opacity", fill)
        self._out.append(f'<polygon points="{_points(xy)}" fill="{_paint(fill)}"{opacity}/>')

    def circles(self, xy, radius, argb, outline, outline_width):
        xy = np.asarray(xy, dtype=np.float64)
        argb = np.asarray(argb, dtype=np.uint32)
        if not len(xy):
            return
        stroke = "none"
        if outline:
            stroke = f'"{_paint(outline)}" stroke-width="{_num(outline_width)}"'
            stroke += _opacity("stroke-opacity", outline)
        else:
            stroke = '"none"'
        r = _num(radius)
        starts = np.flatnonzero(np.r_[True, argb[1:] != argb[:-1]])
        ends = np.r_[starts[1:], len(argb)]
        xs = [_num(v) for v in xy[:, 0].tolist()]
        ys = [_num(v) for v in xy[:, 1].tolist()]
        # One group per run of equal colours keeps the painter order of the window.
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            c = rgba_of_argb(int(argb[s]))
            body = "".join(f'<circle cx="{xs[i]}" cy="{ys[i]}" r="{r}"/>' for i in range(s, e))
            self._out.append(
                f'<g fill="{_paint(c)}"{_opacity("fill-opacity", c)} stroke={stroke}>{body}</g>'
            )

    def rings(self, xy, radius, color, width):
        xy = np.asarray(xy, dtype=np.float64)
        if not len(xy):
            return
        r = _num(radius)
        body = "".join(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{r}"/>' for x, y in xy.tolist())
        self._out.append(
            f'<g fill="none" stroke="{_paint(color)}" stroke-width="{_num(width)}"'
            f"{_opacity('stroke-opacity', color)}>{body}</g>"
        )

    def text(self, x, y, s, px, anchor="start", valign="baseline", color=(34, 34, 34, 255),
             rotate=0.0, bold=False):  # fmt: skip
        by = baseline(y, px, valign) if not rotate else y
        attrs = f'x="{_num(x)}" y="{_num(by)}" font-size="{_num(px)}"'
        if rotate:
            # Rotated about the anchor point, with the baseline shift applied along the
            # rotated y axis, as the painter does.
            shift = baseline(0.0, px, valign)
            attrs = f'x="{_num(x)}" y="{_num(y + shift)}" font-size="{_num(px)}"'
            attrs += f' transform="rotate({_num(rotate)} {_num(x)} {_num(y)})"'
        if anchor != "start":
            attrs += f' text-anchor="{anchor}"'
        if bold:
            attrs += ' font-weight="bold"'
        attrs += f' fill="{_paint(color)}"'
        self._out.append(f"<text {attrs}>{escape(s)}</text>")

    def image(self, rgba, x, y, w, h):
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(np.ascontiguousarray(rgba, dtype=np.uint8), "RGBA").save(buf, "PNG")
        data = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
        self._out.append(
            f'<image x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" '
            f'preserveAspectRatio="none" href="{data}" xlink:href="{data}"/>'
        )

    def push_clip(self, x, y, w, h):
        self._clip_id += 1
        cid = f"clip{self._clip_id}"
        self._defs.append(
            f'<clipPath id="{cid}"><rect x="{_num(x)}" y="{_num(y)}" '
            f'width="{_num(w)}" height="{_num(h)}"/></clipPath>'
        )
        self._out.append(f'<g clip-path="url(#{cid})">')
        self._open.append("clip")

    def pop_clip(self):
        if self._open and self._open[-1] == "clip":
            self._open.pop()
            self._out.append("</g>")

    def group(self, name):
        self._out.append(f"<g class={quoteattr(name)}>")
        self._open.append("group")

    def end_group(self):
        if self._open and self._open[-1] == "group":
            self._open.pop()
            self._out.append("</g>")

    # -------------------------------------------------------------------- document
    def document(self) -> str:
        """The whole SVG file: its size in pixels (96 per inch) and a matching viewBox."""
        w, h = _num(self.width), _num(self.height)
        head = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'version="1.1" width="{w}px" height="{h}px" viewBox="0 0 {w} {h}">',
        ]
        if self.title:
            head.append(f"<title>{escape(self.title)}</title>")
        if self.description:
            head.append(f"<desc>{escape(self.description)}</desc>")
        if self._defs:
            head.append("<defs>" + "".join(self._defs) + "</defs>")
        # Spaces in labels ("component 1   π = 0.36") are kept, not collapsed.
        head.append(f'<g font-family={quoteattr(FONT_FALLBACKS)} xml:space="preserve">')
        tail = ["</g>"] * len(self._open) + ["</g>", "</svg>", ""]
        return "\n".join(head + self._out + tail)
