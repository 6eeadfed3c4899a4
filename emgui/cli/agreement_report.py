"""``emgui run --labels``: the agreement of the final state with the known classes, printed and
in the run JSON (``"agreement": {"ari", "confusion", "classes", "component_of_class"}``)."""

from __future__ import annotations

from collections.abc import Sequence

from emgui.cli.source import RunInput
from emgui.core import Snapshot
from emgui.model.agreement import Agreement, agreement

_NAME_WIDTH = 24


def run_agreement(run: RunInput, snapshots: Sequence[Snapshot]) -> Agreement | None:
    """The agreement of the latest assignments with the run's classes; None without either."""
    if run.known is None:
        return None
    labels = next((s.labels for s in reversed(snapshots) if s.labels is not None), None)
    if labels is None:
        return None
    return agreement(run.known.labels, run.known.names, labels, snapshots[-1].k)


def agreement_lines(result: Agreement, labels_name: str | None) -> list[str]:
    """The printed report: the index, then the confusion matrix with matched components first."""
    n = int(result.confusion.sum())
    lines = [
        f"agreement with {labels_name or 'the classes'} ({len(result.classes)} classes, "
        f"{n} points): adjusted Rand index {result.ari:.4f}, "
        f"{100 * result.matched_fraction:.1f}% on the matched diagonal"
    ]
    order = result.order
    width = max(7, len(str(n)) + 1)
    names = [c if len(c) <= _NAME_WIDTH else c[: _NAME_WIDTH - 1] + "…" for c in result.classes]
    first = max([len("class"), *map(len, names)])
    lines.append(f"{'class':<{first}}" + "".join(f"{f'comp {j + 1}':>{width + 1}}" for j in order))
    for name, row in zip(names, result.confusion, strict=True):
        lines.append(f"{name:<{first}}" + "".join(f"{int(row[j]):>{width + 1}}" for j in order))
    return lines


def print_agreement(run: RunInput, result: Agreement | None) -> None:
    """Print the agreement report (``result``: :func:`run_agreement`'s) when the run has
    classes (``--labels``)."""
    if run.known is None:
        return
    if result is None:
        print("agreement: no assignments yet (the run stopped at its initial state)")
        return
    for line in agreement_lines(result, run.known.column):
        print(line)
