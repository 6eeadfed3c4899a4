"""Export speed: 100 frames of a run on 1e4 points as PNG files (target: under 10 s), a contact
sheet of 100 such panels (under 10 s), and a PDF of 1e4 points as vector marks (under 5 s and
under 20 MB), plus the same figure as SVG; a GIF and an MP4 of the run drawn once for both
against one drawing each (the ratio), when the video extra is installed.

QT_QPA_PLATFORM=offscreen python benchmarks/bench_export.py [--n 10000] [--frames 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import cpu, median_ms


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--size", default="1280x960")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print("command: python benchmarks/bench_export.py", " ".join(sys.argv[1:]))
    print(f"CPU: {cpu()}, {os.cpu_count()} cores")
    import numpy as np

    from emgui.core import run_em
    from emgui.model.presets import PRESETS, make_preset
    from emgui.model.settings import Settings
    from emgui.model.view_state import caption
    from emgui.render.export_options import ExportOptions
    from emgui.render.exporter import (
        Exporter,
        export_run_files,
        frame_states,
        write_contact_sheet,
    )
    from emgui.runtime.application import make_application

    make_application()
    w, h = (int(v) for v in args.size.split("x"))
    blobs = next(p for p in PRESETS if p.name == "Well-separated blobs")
    X, _ = make_preset(blobs, args.n, seed=2)
    centers = X[np.random.default_rng(0).choice(args.n, 3, replace=False)]
    iters = args.frames // 2
    snaps = list(run_em(X, centers, "gmm", max_iter=iters, tol=0))[: args.frames]
    settings = Settings(algorithm="gmm")
    target = {"PNG series": 10.0, "PNG series + GIF": None}
    with tempfile.TemporaryDirectory() as out:
        for label, gif in (("PNG series", False), ("PNG series + GIF", True)):

            def frames(gif=gif):
                export_run_files(
                    X, snaps, out, os.path.join(out, "run.gif") if gif else None, size=(w, h)
                )

            dt = median_ms(frames, args.repeat) / 1e3
            bar = (
                f" (target {target[label]:.0f} s: ratio {dt / target[label]:.2f})"
                if target[label]
                else ""
            )
            print(
                f"{label:>18}: {len(snaps)} frames of {args.n} points at {w}x{h}: "
                f"median {dt:.2f} s, {1e3 * dt / len(snaps):.0f} ms a frame{bar}"
            )

        from emgui.render.video_export import video_available

        if video_available():
            from emgui.render.exporter import write_mp4

            gif, mp4 = os.path.join(out, "run.gif"), os.path.join(out, "run.mp4")
            opts = ExportOptions(size=(w, h))

            def apart():
                export_run_files(X, snaps, None, gif, options=opts)
                write_mp4(mp4, X, snaps, opts)

            def together():
                export_run_files(X, snaps, None, gif, options=opts, mp4_path=mp4)

            two, one = (median_ms(f, args.repeat) / 1e3 for f in (apart, together))
            print(
                f"{'GIF + MP4':>18}: {len(snaps)} frames: drawn once {one:.2f} s, "
                f"once per file {two:.2f} s (ratio {one / two:.2f})"
            )

        picks = list(range(len(snaps)))
        sheet = os.path.join(out, "sheet.png")
        opts = ExportOptions(size=(320, 320), settings=settings, fit="data")

        def contact():
            write_contact_sheet(sheet, X, snaps, picks, opts)

        dt = median_ms(contact, args.repeat) / 1e3
        print(
            f"{'contact sheet PNG':>18}: {len(picks)} panels of {args.n} points: median {dt:.2f} s "
            f"(target 10 s: ratio {dt / 10:.2f}); {os.path.getsize(sheet) / 1e6:.1f} MB"
        )

        ((i, state),) = frame_states(X, snaps, [len(snaps) - 1], settings)
        exporter = Exporter(ExportOptions(size=(w, h), settings=settings, fit="data"))
        for fmt, bar in (("pdf", 5.0), ("svg", None)):
            path = os.path.join(out, f"fig.{fmt}")
            dt = (
                median_ms(lambda p=path: exporter.write(state, p, caption(snaps[i])), args.repeat)
                / 1e3
            )
            size = os.path.getsize(path) / 1e6
            extra = (
                f" (target {bar:.0f} s: ratio {dt / bar:.2f}; 20 MB: {size / 20:.2f})"
                if bar
                else ""
            )
            print(
                f"{fmt.upper() + ' figure':>18}: {args.n} points as vector marks: "
                f"median {dt:.2f} s, {size:.1f} MB{extra}"
            )


if __name__ == "__main__":
    main()
