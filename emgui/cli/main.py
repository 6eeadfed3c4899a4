"""``emgui run``: EM on a points file without a window; one line per iteration, files on request."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

from emgui.core import ALGORITHMS, COVARIANCE_TYPES, INIT_METHODS, Snapshot, initial_means, run_em
from emgui.core.linalg2 import DegenerateCovarianceError
from emgui.io.errors import InputError
from emgui.model.algorithms import OBJECTIVE_NAMES

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see --help)\n")


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"size must be WIDTHxHEIGHT, like 1280x960; got {text!r}"
        ) from None
    if not (16 <= w <= 10000 and 16 <= h <= 10000):
        raise argparse.ArgumentTypeError(f"size must be between 16 and 10000 pixels; got {text!r}")
    return w, h


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="emgui run",
        description="Run k-means or a Gaussian mixture on a points CSV and print each iteration.",
    )
    p.add_argument("points", metavar="POINTS.csv", help="two numeric columns, optional header")
    p.add_argument("--algorithm", choices=ALGORITHMS, required=True)
    start = p.add_mutually_exclusive_group(required=True)
    start.add_argument("--centers", metavar="CENTERS.csv", help="initial centers, one per row")
    start.add_argument("--k", type=int, metavar="K", help="number of components, chosen by --init")
    p.add_argument("--init", choices=INIT_METHODS, default="kmeans++", help="with --k")
    p.add_argument("--seed", type=int, default=0, help="random seed for --init (default 0)")
    p.add_argument("--covariance", choices=COVARIANCE_TYPES, default="full", help="GMM only")
    p.add_argument(
        "--beta",
        type=float,
        default=1.0,
        metavar="B",
        help="stiffness of soft k-means (responsibilities ∝ exp(-B·distance²))",
    )
    p.add_argument("--max-iter", type=int, default=100, metavar="N")
    p.add_argument("--tol", type=float, default=1e-6, metavar="T")
    p.add_argument("--reg-covar", type=float, default=1e-6, metavar="R")
    p.add_argument("--json", metavar="OUT.json", help="write the run (format emgui-run/1)")
    p.add_argument("--frames", metavar="DIR", help="write one PNG per half-step into DIR")
    p.add_argument("--gif", metavar="OUT.gif", help="write an animated GIF of the run")
    p.add_argument("--size", type=_size, default=(1280, 960), metavar="WxH", help="image size")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``emgui run``; return the exit status (0, or 2 for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as exc:
        return _fail(str(exc))
    except (ValueError, DegenerateCovarianceError) as exc:
        return _fail(f"{args.points}: {exc}")
    except OSError as exc:
        return _fail(f"{exc.filename or args.points}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        return _fail(f"internal error ({type(exc).__name__}: {exc}); please report it")


def _fail(message: str) -> int:
    sys.stderr.write(f"emgui run: error: {message}\n")
    return EXIT_USAGE


def _run(args: argparse.Namespace) -> int:
    from emgui.io.csv_points import read_points

    table = read_points(args.points)
    X = table.xy
    if args.centers is not None:
        centers = read_points(args.centers).xy
        if centers.shape[0] > X.shape[0]:
            raise InputError(
                f"{centers.shape[0]} centers for {X.shape[0]} points: there must be at "
                "least as many points as centers",
                path=args.centers,
            )
    else:
        if not 1 <= args.k <= X.shape[0]:
            raise ValueError(f"--k must be between 1 and the number of points ({X.shape[0]})")
        centers = initial_means(X, args.k, args.init, args.seed)
    for name in ("max_iter", "tol", "reg_covar"):
        value = getattr(args, name)
        if not (math.isfinite(value) and value >= 0):
            raise ValueError(f"--{name.replace('_', '-')} must be >= 0; got {value}")

    snapshots: list[Snapshot] = []
    failure: Exception | None = None
    label = OBJECTIVE_NAMES[args.algorithm]
    print(f"{'iter':>5}  {label:>20}  {'change':>14}")
    previous = None
    try:
        for snap in run_em(
            X,
            centers,
            args.algorithm,
            args.covariance,
            args.max_iter,
            args.tol,
            args.reg_covar,
            beta=args.beta,
        ):
            snapshots.append(snap)
            if snap.phase == "E":
                continue
            change = "" if previous is None else f"{snap.objective - previous:+14.6g}"
            notes = _notes(snap)
            print(f"{snap.iteration:>5}  {snap.objective:>20.10g}  {change:>14}{notes}")
            previous = snap.objective
    except DegenerateCovarianceError as exc:
        failure = exc
    last = snapshots[-1]
    if failure is not None:
        print(f"stopped after iteration {last.iteration}: {failure}")
    elif last.converged:
        print(f"converged after {last.iteration} iterations")
    else:
        print(f"not converged after {last.iteration} iterations (max-iter {args.max_iter})")

    if args.json:
        from emgui.io.run_file import write_run_json

        write_run_json(args.json, snapshots)
    if args.frames or args.gif:
        from emgui.render.exporter import export_run_files
        from emgui.runtime.application import make_application

        make_application()  # offscreen where there is no display
        export_run_files(
            X,
            snapshots,
            frames_dir=args.frames,
            gif_path=args.gif,
            size=args.size,
            columns=table.columns,
        )
    if failure is not None:  # exit 2 always comes with its one line on stderr
        return _fail(f"{args.points}: {failure}")
    return 0


def _notes(snap: Snapshot) -> str:
    notes = []
    if snap.empty:
        notes.append(f"empty clusters {list(snap.empty)}")
    if snap.collapsed:
        notes.append(f"collapsed components {list(snap.collapsed)}")
    return "  (" + "; ".join(notes) + ")" if notes else ""
