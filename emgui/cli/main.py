"""``emgui run``: the run itself, its printed lines, its output files; errors as one line, exit 2.

Outputs are checked before anything is computed (a missing folder is reported at once, not
after the run), and only the snapshots an output needs are kept: a run of 100,000 iterations
that writes nothing but the printed lines holds one snapshot at a time.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import warnings
from collections.abc import Sequence

import numpy as np

from emgui.cli.agreement_report import print_agreement, run_agreement
from emgui.cli.parser import (
    DEFAULT_SIZE,
    EXIT_USAGE,
    SHEET_PANEL,
    UsageError,
    build_parser,
    check_frame_memory,
    check_options,
)
from emgui.cli.source import RunInput, load_run_input
from emgui.core import Snapshot, run_em
from emgui.core.linalg2 import DegenerateCovarianceError
from emgui.io.errors import InputError
from emgui.model.agreement import Agreement, run_colour_slots
from emgui.model.algorithms import OBJECTIVE_NAMES


class OutputError(Exception):
    """Writing an output failed; the message names the output file."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``emgui run``; return the exit status (0, or 2 for bad input)."""
    args = build_parser().parse_args(argv)
    try:
        check_options(args)
        if args.list_presets:
            return _list_presets()
        _check_outputs(args)
        return _run(args)
    except UsageError as exc:
        return _fail(str(exc))
    except (InputError, OutputError) as exc:
        return _fail(str(exc))
    except (ValueError, DegenerateCovarianceError) as exc:
        return _fail(f"{args.source or args.preset}: {exc}")
    except BrokenPipeError:
        # stdout closed early (emgui run ... | head): stderr is still there to say so
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return _fail("standard output was closed before the run ended")
    except KeyboardInterrupt:
        return _fail("interrupted")
    except MemoryError:
        return _fail("out of memory: use fewer points, fewer iterations or a smaller --size")
    except Exception as exc:  # a bug of ours: still one line, never a traceback
        return _fail(f"internal error ({type(exc).__name__}: {exc}); please report it")


def _fail(message: str) -> int:
    sys.stderr.write(f"emgui run: error: {message}\n")
    return EXIT_USAGE


def _list_presets() -> int:
    from emgui.model.presets import PRESETS

    width = max(len(p.id) for p in PRESETS)
    for p in PRESETS:
        print(f"{p.id:<{width}}  {p.name}: {p.description}")
    return 0


def _check_outputs(args: argparse.Namespace) -> None:
    """Every output can be written: checked now, before the run is computed."""
    from emgui.io.atomic import check_writable_target

    for option in ("json", "gif", "mp4", "figure"):
        path = getattr(args, option)
        if path is not None:
            try:
                check_writable_target(path)
            except OSError as exc:
                raise OutputError(f"{path}: {exc.strerror} (--{option})") from None
    if args.mp4 is not None:
        from emgui.render.video_export import INSTALL_HINT, video_available

        if not video_available():
            raise UsageError(f"--mp4: {INSTALL_HINT}")
    if args.frames is not None and not os.path.isdir(args.frames):
        parent = os.path.dirname(os.path.abspath(args.frames))
        if os.path.exists(args.frames) or not os.path.isdir(parent):
            raise OutputError(f"{args.frames}: not a folder, and it cannot be made (--frames)")


def _wanted_iterations(args: argparse.Namespace) -> set[int] | None:
    """Iterations whose states the outputs need; None: every state (the JSON, frames, GIF)."""
    if args.json or args.frames or args.gif or args.mp4:
        return None
    if args.sheet is not None:
        return set(args.sheet)
    if args.at is not None:
        return {args.at}
    return set()


def _light(snap: Snapshot) -> Snapshot:
    """The snapshot without its per-point arrays: a figure's trails need only the parameters."""
    return dataclasses.replace(snap, labels=None, previous_labels=None, resp=None)


def _run(args: argparse.Namespace) -> int:
    run = load_run_input(args)
    wanted = _wanted_iterations(args)
    if wanted and args.tol is None:
        # A figure of iteration 20 shows iteration 20, even where the run would have stopped
        # at convergence earlier (PRML's figure 9.8: L = 20): run to it, unless --tol is given.
        settings = dataclasses.replace(run.settings, tol=0.0)
        if args.max_iter is None:
            settings = dataclasses.replace(settings, max_iter=max(wanted))
        run = dataclasses.replace(run, settings=settings)
    trails = wanted is not None and args.figure is not None  # a figure draws the centers' paths
    kept: list[Snapshot] = []
    last: Snapshot | None = None
    first_labels = None  # the first E-step's: with --labels, they fix the run's colours
    failure: Exception | None = None
    print(f"{'iter':>5}  {OBJECTIVE_NAMES[run.settings.algorithm]:>20}  {'change':>14}")
    previous = None
    with np.errstate(all="ignore"):  # the engine reports what goes wrong in its own words
        steps = run_em(
            run.points,
            run.centers,
            covariances=run.covariances,
            weights=run.weights,
            options=run.options,
        )
        try:
            for snap in steps:
                if last is not None and trails and kept and kept[-1] is last:
                    if last.iteration not in wanted:
                        kept[-1] = _light(last)
                last = snap
                if wanted is None or snap.iteration in wanted or trails:
                    kept.append(snap)
                if snap.phase == "E":
                    if first_labels is None:
                        first_labels = snap.labels
                    continue
                change = "" if previous is None else f"{snap.objective - previous:+14.6g}"
                print(f"{snap.iteration:>5}  {snap.objective:>20.10g}  {change:>14}{_notes(snap)}")
                previous = snap.objective
        except DegenerateCovarianceError as exc:
            failure = exc
    if last is None:  # the very first E-step failed: nothing to show or write
        raise ValueError(str(failure))
    if wanted is not None and (not kept or kept[-1] is not last):
        kept.append(last)
    if failure is not None:
        print(f"stopped after iteration {last.iteration}: {failure}")
    elif last.converged:
        print(f"converged after {last.iteration} iterations")
    elif run.options.tol == 0:
        # No convergence test ran (tol 0): "not converged" would be a claim the run cannot make.
        print(f"ran {last.iteration} iterations (tol 0: no convergence test)")
    else:
        print(f"not converged after {last.iteration} iterations (max-iter {run.options.max_iter})")
    agreement = run_agreement(run, kept)  # printed, and in the JSON
    print_agreement(run, agreement)
    slots = None
    if run.known is not None:
        slots = run_colour_slots(run.known.labels, len(run.known.names), first_labels, last.k)
    _write_outputs(args, run, kept, None if slots is None else tuple(map(int, slots)), agreement)
    if failure is not None:  # exit 2 always comes with its one line on stderr
        return _fail(f"{run.name}: {failure}")
    return 0


def _write_outputs(
    args: argparse.Namespace,
    run: RunInput,
    snapshots: list[Snapshot],
    slots: tuple[int, ...] | None = None,
    agreement: Agreement | None = None,
) -> None:
    """The files asked for; ``slots``: the run's colour slots (as the window's, by class);
    ``agreement``: with the known classes, the run JSON's "agreement"."""
    if args.json:
        from emgui.io.run_file import write_run_json

        extra = None if agreement is None else {"agreement": agreement.to_dict()}
        _writing(args.json, "--json", lambda: write_run_json(args.json, snapshots, extra))
    if not (args.frames or args.gif or args.figure or args.mp4):
        return
    from emgui.render.exporter import ExportOptions, export_run_files
    from emgui.runtime.application import make_application

    size = args.size or DEFAULT_SIZE
    if args.gif:
        check_frame_memory(len(snapshots) * (1 + args.tween), size)  # with in-betweens
    make_application()  # offscreen where there is no display
    options = ExportOptions(
        size=size,
        settings=run.settings,
        font_pt=args.font_size,
        fit="data",
        equal_aspect=run.settings.equal_aspect and not args.free_aspect,
        caption=not args.no_caption,
        colour_slots=slots,
        known_classes=run.known,
    )
    with warnings.catch_warnings():
        # Sizes are bounded above: Pillow's warning about large images says nothing useful.
        from PIL import Image

        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        if args.frames or args.gif:
            target = args.gif or args.frames
            _writing(
                target,
                "--gif" if args.gif else "--frames",
                lambda: export_run_files(
                    run.points,
                    snapshots,
                    frames_dir=args.frames,
                    gif_path=args.gif,
                    options=options,
                    columns=run.columns,
                    tween_frames=args.tween,
                ),
            )
        if args.mp4:
            from emgui.render.exporter import write_mp4

            _writing(
                args.mp4,
                "--mp4",
                lambda: write_mp4(
                    args.mp4,
                    run.points,
                    snapshots,
                    options,
                    columns=run.columns,
                    tween_frames=args.tween,
                ),
            )
        if args.figure:
            _writing(args.figure, "--figure", lambda: _figure(args, run, snapshots, options))


def _figure(args: argparse.Namespace, run: RunInput, snapshots: list[Snapshot], options) -> None:
    from emgui.render.exporter import (
        Exporter,
        drawn_as,
        frame_states,
        indices_for_iterations,
        write_contact_sheet,
    )

    if args.sheet is not None:
        indices = indices_for_iterations(snapshots, args.sheet)
        if args.size is None:
            options = dataclasses.replace(options, size=(SHEET_PANEL, SHEET_PANEL))
        else:
            options = dataclasses.replace(options, sheet_size=args.size)
        options = dataclasses.replace(options, grid=args.grid)
        note = write_contact_sheet(
            args.figure, run.points, snapshots, indices, options, columns=run.columns
        )
    else:
        index = len(snapshots) - 1
        if args.at is not None:
            index = indices_for_iterations(snapshots, [args.at])[0]
        from emgui.model.view_state import caption

        ((_, state),) = frame_states(
            run.points, snapshots, [index], run.settings, run.columns, *drawn_as(options)
        )
        note = Exporter(options).write(state, args.figure, caption(snapshots[index]))
    if note:
        print(f"{args.figure}: {note}")


def _writing(path: str, option: str, write) -> None:
    """Run ``write()``; an OSError becomes an OutputError naming the output, not the input."""
    try:
        write()
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or exc} ({option})") from None


def _notes(snap: Snapshot) -> str:
    notes = []
    if snap.empty:
        notes.append(f"empty clusters {list(snap.empty)}")
    if snap.collapsed:
        notes.append(f"collapsed components {list(snap.collapsed)}")
    return "  (" + "; ".join(notes) + ")" if notes else ""
