"""SVG output of a figure: the canvas primitives written as plain SVG 1.1 elements.

Written by hand rather than through QSvgGenerator, whose files carry the painter's data
transform and ``vector-effect="non-scaling-stroke"`` (which librsvg and ImageMagick do not
honour: ellipses become blobs): here every coordinate is in output pixels, every stroke
has its width, one ``<path>`` per ellipse and one ``<circle>`` per point, fonts named with
generic fallbacks. The plot box is clipped geometrically (lines cut at its edges, marks
outside it left out) rather than with ``clipPath``, which ImageMagick's own renderer drops
with everything inside it. Renders alike in Qt, librsvg, ImageMagick, browsers and Inkscape.
"""

from __future__ import annotations

import base64
import io
import itertools
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


def _clip_segment(a, b, rect):
    """Liang-Barsky: the part (t0, t1) of segment a-b inside rect (x0, y0, x1, y1), or None."""
    x0, y0, x1, y1 = rect
    dx, dy = b[0] - a[0], b[1] - a[1]
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return t0, t1


def clip_polyline(pts: list, rect) -> list[list]:
    """The runs of a polyline inside rect, each a list of points."""
    runs: list[list] = []
    joined = False
    for a, b in itertools.pairwise(pts):
        part = _clip_segment(a, b, rect)
        if part is None:
            joined = False
            continue
        t0, t1 = part
        p0 = (a[0] + t0 * (b[0] - a[0]), a[1] + t0 * (b[1] - a[1]))
        p1 = (a[0] + t1 * (b[0] - a[0]), a[1] + t1 * (b[1] - a[1]))
        if joined and t0 == 0.0:
            runs[-1].append(p1)
        else:
            runs.append([p0, p1])
        joined = t1 == 1.0
    return runs


def clip_polygon(xy: np.ndarray, rect) -> np.ndarray:
    """A convex polygon cut to rect (Sutherland-Hodgman, one edge of the rect at a time)."""
    x0, y0, x1, y1 = rect
    poly = np.asarray(xy, dtype=np.float64)
    for n, c in (((-1, 0), -x0), ((1, 0), x1), ((0, -1), -y0), ((0, 1), y1)):
        if len(poly) == 0:
            break
        s = poly @ np.array(n, float) - c
        out = []
        for k in range(len(poly)):
            a, b, sa, sb = poly[k], poly[(k + 1) % len(poly)], s[k], s[(k + 1) % len(poly)]
            if sa <= 0:
                out.append(a)
            if (sa < 0 < sb) or (sb < 0 < sa):
                out.append(a + (b - a) * (sa / (sa - sb)))
        poly = np.array(out).reshape(-1, 2)
    return poly


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
        self._clips: list[tuple[float, float, float, float]] = []  # (x0, y0, x1, y1)

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
        if closed and pts[0] != pts[-1]:
            pts.append(pts[0])
        runs = [pts]
        if self._clips and not self._inside(xy):
            runs, closed = clip_polyline(pts, self._clips[-1]), False
        d = "".join(
            f"M{_num(r[0][0])},{_num(r[0][1])}" + "".join(f"L{_num(x)},{_num(y)}" for x, y in r[1:])
            for r in runs
        )
        if not d:
            return
        if closed:
            d += "Z"
        dash_attr = f' stroke-dasharray="{",".join(_num(v) for v in dash)}"' if dash else ""
        self._out.append(
            f'<path d="{d}" fill="none" stroke="{_paint(color)}" stroke-width="{_num(width)}"'
            f'{_opacity("stroke-opacity", color)} stroke-linejoin="round"{dash_attr}/>'
        )

    def polygon(self, xy, fill):
        if self._clips and not self._inside(np.asarray(xy, dtype=np.float64)):
            xy = clip_polygon(xy, self._clips[-1])
        if len(xy) < 3:
            return
        opacity = _opacity("fill-opacity", fill)
        self._out.append(f'<polygon points="{_points(xy)}" fill="{_paint(fill)}"{opacity}/>')

    def circles(self, xy, radius, argb, outline, outline_width):
        xy = np.asarray(xy, dtype=np.float64)
        argb = np.asarray(argb, dtype=np.uint32)
        if self._clips:
            keep = self._inside_mask(xy)
            xy, argb = xy[keep], argb[keep]
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
        if self._clips:
            xy = xy[self._inside_mask(xy)]
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
            attrs = f'x="0" y="{_num(shift)}" font-size="{_num(px)}"'
            attrs += f' transform="translate({_num(x)} {_num(y)}) rotate({_num(rotate)})"'
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
        self._clips.append((x, y, x + w, y + h))

    def pop_clip(self):
        if self._clips:
            self._clips.pop()

    def _inside_mask(self, xy: np.ndarray) -> np.ndarray:
        x0, y0, x1, y1 = self._clips[-1]
        return (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)

    def _inside(self, xy: np.ndarray) -> bool:
        return bool(self._inside_mask(xy.reshape(-1, 2)).all())

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
