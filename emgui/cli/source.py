"""What ``emgui run`` runs: points and a start from a CSV, a session or a preset, options applied.

A session brings its points, centers, hand-drawn Gaussians and weights, and settings; a preset
its points, centers, initial Gaussians and settings; command-line options override them.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from emgui.cli.parser import UsageError
from emgui.core import EMOptions, initial_means
from emgui.io.errors import InputError
from emgui.model.known_classes import KnownClasses
from emgui.model.settings import Settings


@dataclass(frozen=True, eq=False)
class RunInput:
    """The data, the start and the options of one command-line run."""

    name: str  # the file (or preset) the data came from, for messages
    points: np.ndarray
    centers: np.ndarray
    covariances: np.ndarray | None
    weights: np.ndarray | None
    settings: Settings  # the run's settings after the options (ellipse level for images)
    columns: tuple[str, str] | None
    known: KnownClasses | None = None  # the points' known classes (--labels)

    @property
    def options(self) -> EMOptions:
        return EMOptions.of(self.settings)


def load_run_input(args: argparse.Namespace) -> RunInput:
    """The run the arguments describe; InputError naming the file, UsageError the option."""
    known = None
    from_csv = args.preset is None and not _is_session(args.source)
    if args.columns and not from_csv:
        raise UsageError("--columns chooses columns of a CSV SOURCE")
    if args.labels and not from_csv and args.preset is None:
        raise UsageError("--labels chooses a column of a CSV SOURCE or a preset's known classes")
    if args.preset is not None:
        name, points, centers, covs, weights, settings, columns = _from_preset(args.preset)
        if args.labels:
            known = _preset_classes(args.preset, args.labels)
    elif _is_session(args.source):
        name, points, centers, covs, weights, settings, columns = _from_session(args.source)
    else:
        if args.algorithm is None:
            raise UsageError("the following arguments are required with a CSV: --algorithm")
        if args.centers is None and args.k is None:
            raise UsageError("one of the arguments --centers --k is required with a CSV")
        table = _read_table(args)
        name, points, columns = args.source, table.xy, table.columns
        centers, covs, weights, settings = np.zeros((0, 2)), None, None, Settings()
        if table.labels is not None:
            known = KnownClasses(table.labels, table.classes, table.labels_name or "")
    if args.standardise:
        from emgui.model.standardise import standardisation_of, standardised_names

        scaling = standardisation_of(points, columns)
        points, columns = scaling.points(points), standardised_names(columns)
        centers = scaling.points(centers)  # a session's or preset's start moves with the data
        covs = None if covs is None else scaling.covariances(covs)

    settings = _apply_options(settings, args)
    if args.centers is not None:
        from emgui.io.csv_points import read_points

        table = read_points(args.centers, auto_labels=False)
        if table.skipped_rows:  # a center left out would silently change k
            raise InputError(
                "a center has a missing value", path=args.centers, line=table.first_skipped_line
            )
        centers, covs, weights = table.xy, None, None
        if centers.shape[0] > points.shape[0]:
            raise InputError(
                f"{centers.shape[0]} centers for {points.shape[0]} points: there must be at "
                "least as many points as centers",
                path=args.centers,
            )
    elif args.k is not None or settings.init != "centers" or centers.shape[0] == 0:
        k = args.k if args.k is not None else settings.k
        method = args.init if args.k is not None or settings.init == "centers" else settings.init
        seed = args.seed if args.k is not None or settings.init == "centers" else settings.seed
        if not 1 <= k <= points.shape[0]:
            raise ValueError(f"--k must be between 1 and the number of points ({points.shape[0]})")
        centers, covs, weights = initial_means(points, k, method, seed), None, None
    if settings.algorithm != "gmm":
        covs, weights = None, None  # initial Gaussians and weights are the mixture's only
    return RunInput(name, points, centers, covs, weights, settings, columns, known)


def _is_session(source: str | None) -> bool:
    return source is not None and Path(source).suffix.lower() == ".json"


def _read_table(args: argparse.Namespace):
    """The CSV with the chosen columns; its notes (skipped rows, columns used) on stderr."""
    from emgui.io.csv_columns import ColumnError
    from emgui.io.csv_points import read_points

    columns = None
    if args.columns is not None:
        columns = [c.strip() for c in args.columns.split(",")]
        if len(columns) != 2 or not all(columns):
            raise UsageError(f"--columns takes two columns, like A,B or 3,4; got {args.columns!r}")
    try:
        table = read_points(args.source, columns=columns, labels=args.labels, auto_labels=False)
    except ColumnError as exc:
        raise UsageError(f"--{exc.role}: {exc}") from None
    for note in table.warnings:
        print(f"emgui run: note: {args.source}: {note}", file=sys.stderr)
    return table


def _apply_options(settings: Settings, args: argparse.Namespace) -> Settings:
    changes = {
        "algorithm": args.algorithm,
        "covariance_type": args.covariance,
        "beta": args.beta,
        "max_iter": args.max_iter,
        "tol": args.tol,
        "reg_covar": args.reg_covar,
        "ellipse_level": args.ellipses,
        "point_shapes": args.shapes,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    try:
        return dataclasses.replace(settings, **changes)
    except ValueError as exc:  # a value the run's settings do not allow ("settings.max_iter: …")
        option = str(exc).split(":", 1)[0].removeprefix("settings.").replace("_", "-")
        raise UsageError(f"--{option}: {str(exc).split(':', 1)[-1].strip()}") from None


def _preset_classes(preset_id: str, column: str) -> KnownClasses:
    """The known classes a preset comes with (the iris species), named by --labels."""
    from emgui.model.preset_classes import preset_classes

    known = preset_classes(preset_id)
    if known is None:
        raise UsageError(f"--labels: the preset {preset_id} has no known classes")
    if column.casefold() != known.column.casefold():
        raise UsageError(f"--labels: the preset {preset_id} has classes in {known.column!r} only")
    return known


def _from_preset(preset_id: str):
    from emgui.model.preset_scene import preset_settings
    from emgui.model.presets import make_preset, preset_by_id

    try:
        preset = preset_by_id(preset_id)
    except KeyError as exc:
        raise UsageError(f"--preset: {exc.args[0]}") from None
    points, centers = make_preset(preset)
    settings = preset_settings(preset, Settings())  # as the window's Presets menu does
    covs = preset.initial_covariances(centers.shape[0])
    return preset.id, points, centers, covs, None, settings, preset.columns


def _from_session(path: str):
    from emgui.io.session_file import load_session

    data = load_session(path)
    if data.points.shape[0] == 0:
        raise InputError("the session has no points to run on", path=path)
    return (
        path,
        data.points,
        data.centers,
        data.center_covariances,
        data.center_weights,
        data.settings,
        data.columns,
    )
