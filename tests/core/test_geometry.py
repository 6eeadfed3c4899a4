"""Covariance ellipses, ellipse levels and the nearest-center grid (emgui.core.geometry)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import chi2

from emgui.core.geometry import (
    ELLIPSE_LEVELS,
    ellipse_outlines,
    level_label,
    level_radius,
    nearest_center_grid,
    voronoi_cells,
    voronoi_diagram,
    voronoi_edges,
)


def rotation(angle: float) -> np.ndarray:
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def spd(major: float, minor: float, angle: float) -> np.ndarray:
    R = rotation(angle)
    return R @ np.diag([major, minor]) @ R.T


def mahalanobis2(points: np.ndarray, mean: np.ndarray, cov: np.ndarray) -> np.ndarray:
    """(x-μ)ᵀ Σ⁻¹ (x-μ) in extended precision, so that a near-singular Σ is inverted exactly."""
    a, b, d = (np.longdouble(v) for v in (cov[0, 0], cov[0, 1], cov[1, 1]))
    det = a * d - b * b
    dx = points[:, 0].astype(np.longdouble) - np.longdouble(mean[0])
    dy = points[:, 1].astype(np.longdouble) - np.longdouble(mean[1])
    return np.asarray((d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det, dtype=np.float64)


@given(
    seed=st.integers(0, 2**32 - 1),
    log_major=st.floats(-6, 6),
    log_ratio=st.floats(-8, 0),
    radius=st.floats(0.5, 4.0),
)
@settings(max_examples=60, deadline=None)
def test_outline_points_are_on_the_mahalanobis_contour(seed, log_major, log_ratio, radius):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(1, 5))
    major = 10.0**log_major
    # far from the origin, but not so far that x - μ loses the minor axis to rounding
    means = rng.normal(size=(k, 2)) * np.sqrt(major) * 10.0 ** rng.uniform(-3, 3)
    covs = np.stack([spd(major, major * 10.0**log_ratio, rng.uniform(0, np.pi)) for _ in range(k)])
    outlines = ellipse_outlines(means, covs, radius, n_vertices=64)
    assert outlines.shape == (k, 65, 2)
    # closed (cos 2π and sin 2π are 1 and 0 only to rounding)
    extent = np.abs(outlines - means[:, None]).max()
    np.testing.assert_allclose(outlines[:, 0], outlines[:, -1], rtol=0, atol=1e-14 * extent)
    for j in range(k):
        q = mahalanobis2(outlines[j], means[j], covs[j])
        # the closed-form eigenvalues lose eps·trace, relative to the smallest one
        rtol = 1e-9 + 1e-13 * 10.0 ** (-log_ratio)
        np.testing.assert_allclose(q, radius**2, rtol=rtol)


@pytest.mark.parametrize("angle", (0.0, np.pi / 2, 0.3, 2.0))
def test_near_singular_covariance(angle):
    """Smallest eigenvalue 1e-12 of 1: a needle, still on the right contour."""
    cov = spd(1.0, 1e-12, angle)
    mean = np.array([5.0, -3.0])
    outline = ellipse_outlines(mean[None], cov[None], 2.0)[0]
    assert np.isfinite(outline).all()
    q = mahalanobis2(outline, mean, cov)
    # The closed-form eigenvalues lose eps·trace to cancellation: 2e-4 of an eigenvalue of
    # 1e-12, even when the matrix is exactly diagonal (and a rotated matrix's entries pin
    # its small eigenvalue no better). A needle 1e-6 wide is drawn 1e-10 too wide or narrow.
    np.testing.assert_allclose(q, 4.0, rtol=1e-3)
    extent = np.abs(outline - mean).max(axis=0)
    direction = np.abs(rotation(angle)[:, 0])  # the major axis
    np.testing.assert_allclose(extent, 2.0 * direction, atol=1e-5)


@pytest.mark.parametrize("cov", ([[2.0, 0.0], [0.0, 2.0]], [[1.0, 1e-17], [1e-17, 1.0]]))
def test_round_covariance_is_a_circle(cov):
    cov = np.array(cov)
    outline = ellipse_outlines(np.zeros((1, 2)), cov[None], 3.0, n_vertices=128)[0]
    np.testing.assert_allclose(np.hypot(outline[:, 0], outline[:, 1]), 3.0 * np.sqrt(cov[0, 0]))


def test_collapsed_and_slightly_negative_covariances_do_not_give_nan():
    covs = np.array([np.zeros((2, 2)), [[1.0, 1.0], [1.0, 1.0 - 1e-16]]])
    outlines = ellipse_outlines(np.array([[1.0, 2.0], [0.0, 0.0]]), covs, 2.0)
    assert np.isfinite(outlines).all()
    np.testing.assert_array_equal(outlines[0], np.broadcast_to([1.0, 2.0], outlines[0].shape))
    # a line segment along (1, 1)
    np.testing.assert_allclose(outlines[1][:, 0], outlines[1][:, 1], atol=1e-7)


@pytest.mark.parametrize("mass", (0.5, 0.95))
def test_level_radius_of_a_mass(mass):
    r = level_radius(f"{mass * 100:g}%")
    np.testing.assert_allclose(1 - np.exp(-(r**2) / 2), mass, rtol=1e-14)
    np.testing.assert_allclose(r**2, chi2(df=2).ppf(mass), rtol=1e-12)


def test_level_radius_and_labels():
    assert [level_radius(x) for x in ("1sd", "2sd", "3sd")] == [1.0, 2.0, 3.0]
    np.testing.assert_allclose(level_radius("95%"), 2.4477468306808166, rtol=1e-14)
    assert level_label("1sd") == "1 standard deviation"
    assert level_label("2sd") == "2 standard deviations"
    assert level_label("95%") == "95% probability mass"
    for level in ELLIPSE_LEVELS:
        assert level_radius(level) > 0
    for bad in ("4", "sd", "ninety%", ""):
        with pytest.raises(ValueError):
            level_radius(bad)


def test_level_radius_mass_by_monte_carlo():
    """The 95% ellipse of a Gaussian holds 95% of a large sample from it."""
    rng = np.random.default_rng(0)
    cov = spd(4.0, 0.25, 0.7)
    sample = rng.multivariate_normal([1.0, -1.0], cov, size=200_000)
    r = level_radius("95%")
    inside = mahalanobis2(sample, np.array([1.0, -1.0]), cov) <= r**2
    assert abs(inside.mean() - 0.95) < 0.003


def _brute_force_grid(means, x_range, y_range, shape):
    rows, cols = shape
    xs = x_range[0] + (np.arange(cols) + 0.5) * (x_range[1] - x_range[0]) / cols
    ys = y_range[0] + (np.arange(rows) + 0.5) * (y_range[1] - y_range[0]) / rows
    gx, gy = np.meshgrid(xs, ys)  # row index = y, column index = x
    d2 = (gx[..., None] - means[:, 0]) ** 2 + (gy[..., None] - means[:, 1]) ** 2
    return d2.argmin(axis=-1), d2


@given(
    seed=st.integers(0, 2**32 - 1),
    k=st.integers(1, 12),
    rows=st.integers(1, 40),
    cols=st.integers(1, 40),
)
@settings(max_examples=60, deadline=None)
def test_nearest_center_grid_matches_brute_force(seed, k, rows, cols):
    rng = np.random.default_rng(seed)
    lo = rng.normal(size=2) * 100
    size = 10.0 ** rng.uniform(-3, 4, size=2)
    x_range, y_range = (lo[0], lo[0] + size[0]), (lo[1], lo[1] + size[1])
    means = (
        np.stack([rng.uniform(*x_range, size=k), rng.uniform(*y_range, size=k)], axis=1)
        + rng.normal(size=(k, 2)) * size * 0.3
    )
    labels = nearest_center_grid(means, x_range, y_range, (rows, cols))
    assert labels.shape == (rows, cols)
    expected, d2 = _brute_force_grid(means, x_range, y_range, (rows, cols))
    chosen = np.take_along_axis(d2, labels[..., None].astype(np.intp), axis=-1)[..., 0]
    # equal labels, or (for a cell center on a boundary) an equally near center
    np.testing.assert_allclose(chosen, d2.min(axis=-1), rtol=1e-12)
    assert (labels == expected).mean() > 0.99


def test_nearest_center_grid_orientation():
    """Row 0 is at the bottom, column 0 at the left."""
    means = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]])
    labels = nearest_center_grid(means, (0.0, 10.0), (0.0, 10.0), (2, 2))
    np.testing.assert_array_equal(labels, [[0, 1], [2, 3]])
    wide = nearest_center_grid(means[:2], (0.0, 10.0), (0.0, 10.0), (1, 4))
    np.testing.assert_array_equal(wide, [[0, 0, 1, 1]])


def _random_centers(seed: int, k: int):
    rng = np.random.default_rng(seed)
    lo = rng.normal(size=2) * 100
    size = 10.0 ** rng.uniform(-2, 3, size=2)
    box = (lo[0], lo[0] + size[0]), (lo[1], lo[1] + size[1])
    centers = np.stack([rng.uniform(*box[0], size=k), rng.uniform(*box[1], size=k)], axis=1)
    return centers + rng.normal(size=(k, 2)) * size * 0.3, box, rng


def _polygon_area(poly: np.ndarray) -> float:
    if len(poly) < 3:
        return 0.0
    x, y = poly[:, 0], poly[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))


def _inside_convex(poly: np.ndarray, xy: np.ndarray, tol: float) -> np.ndarray:
    """Points inside (or within tol of) a convex polygon, either orientation."""
    if len(poly) < 3:
        return np.zeros(len(xy), bool)
    a, b = poly, np.roll(poly, -1, axis=0)
    cross = (b[:, 0] - a[:, 0])[None] * (xy[:, 1, None] - a[:, 1][None]) - (b[:, 1] - a[:, 1])[
        None
    ] * (xy[:, 0, None] - a[:, 0][None])
    return (cross >= -tol).all(axis=1) | (cross <= tol).all(axis=1)


@given(seed=st.integers(0, 2**32 - 1), k=st.integers(1, 10))
@settings(max_examples=60, deadline=None)
def test_voronoi_cells_tile_the_box_by_nearest_center(seed, k):
    """The cells cover the box once, and a point lies in the cell of its nearest center."""
    centers, box, rng = _random_centers(seed, k)
    cells = voronoi_cells(centers, *box)
    assert len(cells) == k
    area = (box[0][1] - box[0][0]) * (box[1][1] - box[1][0])
    origin = np.array([box[0][0], box[1][0]])  # shoelace sums lose digits far from 0
    total = sum(_polygon_area(c - origin) for c in cells)
    assert total == pytest.approx(area, rel=1e-9)
    xy = np.stack([rng.uniform(*box[0], size=300), rng.uniform(*box[1], size=300)], axis=1)
    d2 = ((xy[:, None, :] - centers[None]) ** 2).sum(axis=-1)
    nearest = d2.argmin(axis=1)
    # Not within rounding of a border: there either cell is right.
    margin = np.sort(d2, axis=1)
    clear = (
        np.ones(len(xy), bool) if k == 1 else (margin[:, 1] - margin[:, 0]) > 1e-9 * margin[:, 1]
    )
    scale = max(box[0][1] - box[0][0], box[1][1] - box[1][0]) ** 2
    for j, cell in enumerate(cells):
        inside = _inside_convex(cell, xy, tol=1e-12 * scale)
        np.testing.assert_array_equal(inside[clear], (nearest == j)[clear])


@given(seed=st.integers(0, 2**32 - 1), k=st.integers(2, 10))
@settings(max_examples=60, deadline=None)
def test_voronoi_edges_are_the_borders_between_nearest_centers(seed, k):
    """Every border point is equally near two centers and no nearer to any other; each
    border is listed once, and the borders add up to the cells' inner perimeters."""
    centers, box, _ = _random_centers(seed, k)
    edges = voronoi_edges(centers, *box)
    assert edges.ndim == 3 and edges.shape[1:] == (2, 2)
    span = np.hypot(box[0][1] - box[0][0], box[1][1] - box[1][0])
    for a, b in edges:
        for t in (0.0, 0.25, 0.5, 1.0):
            p = a + t * (b - a)
            d = np.sqrt(((centers - p) ** 2).sum(axis=1))
            first, second = np.sort(d)[:2]
            assert second - first <= 1e-7 * (span + d.max())
    # Perimeter of all cells = box perimeter + twice the borders.
    perimeter = 0.0
    for cell in voronoi_cells(centers, *box):
        if len(cell) >= 3:
            perimeter += float(
                np.sqrt((np.diff(np.vstack([cell, cell[:1]]), axis=0) ** 2).sum(axis=1)).sum()
            )
    box_perimeter = 2 * (box[0][1] - box[0][0] + box[1][1] - box[1][0])
    inner = float(np.sqrt(((edges[:, 1] - edges[:, 0]) ** 2).sum(axis=1)).sum())
    assert perimeter == pytest.approx(box_perimeter + 2 * inner, rel=1e-9)


def test_voronoi_of_three_centers_by_hand():
    centers = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    edges = voronoi_edges(centers, (-1.0, 2.0), (-1.0, 2.0))
    found = {tuple(sorted(map(tuple, np.round(e, 12).tolist()))) for e in edges}
    assert found == {
        ((0.5, -1.0), (0.5, 0.5)),  # between centers 0 and 1: x = 0.5
        ((-1.0, 0.5), (0.5, 0.5)),  # between 0 and 2: y = 0.5
        ((0.5, 0.5), (2.0, 2.0)),  # between 1 and 2: the diagonal
    }
    cells = voronoi_cells(centers, (-1.0, 2.0), (-1.0, 2.0))
    assert _polygon_area(cells[0]) == pytest.approx(2.25)


def test_voronoi_with_centers_on_one_spot_and_outside_the_box():
    """Two centers on one spot: the lower index owns the cell (as nearest_center_grid);
    a center outside the box may own part of it."""
    centers = np.array([[1.0, 1.0], [1.0, 1.0], [20.0, 1.0]])
    cells = voronoi_cells(centers, (0.0, 10.0), (0.0, 10.0))
    assert _polygon_area(cells[0]) == pytest.approx(100.0)  # 20 is beyond x = 10.5
    assert len(cells[1]) == 0 and len(cells[2]) == 0
    assert voronoi_edges(centers, (0.0, 10.0), (0.0, 10.0)).shape == (0, 2, 2)
    grid = nearest_center_grid(centers, (0.0, 10.0), (0.0, 10.0), (4, 4))
    assert (grid == 0).all()
    one = voronoi_cells(np.array([[5.0, 5.0]]), (0.0, 1.0), (0.0, 2.0))
    assert _polygon_area(one[0]) == pytest.approx(2.0)


@pytest.mark.parametrize("k", [20, 64])
def test_many_centers_match_the_nearest_center_everywhere(k):
    """Nearest centers are clipped first and far ones skipped: still the true cells."""
    rng = np.random.default_rng(k)
    centers = np.vstack([rng.normal(size=(k // 2, 2)), rng.uniform(-8, 8, size=(k - k // 2, 2))])
    box = (-20.0, 20.0), (-15.0, 25.0)
    cells, edges = voronoi_diagram(centers, *box)
    for got, want in zip(cells, voronoi_cells(centers, *box), strict=True):
        np.testing.assert_array_equal(got, want)
    np.testing.assert_array_equal(edges, voronoi_edges(centers, *box))
    xy = np.stack([rng.uniform(*box[0], 4000), rng.uniform(*box[1], 4000)], axis=1)
    nearest = ((xy[:, None] - centers[None]) ** 2).sum(axis=-1).argmin(axis=1)
    owner = np.full(len(xy), -1)
    for j, cell in enumerate(cells):
        inside = _inside_convex(cell, xy, tol=1e-9)
        owner[inside & (nearest == j)] = j
        # No point lies in a cell other than its nearest center's (away from borders).
        d = np.sqrt(((xy - centers[j]) ** 2).sum(axis=1))
        dn = np.sqrt(((xy - centers[nearest]) ** 2).sum(axis=1))
        assert not (inside & (d > dn + 1e-6)).any()
    assert (owner == nearest).all()
    area = sum(_polygon_area(c) for c in cells)
    assert area == pytest.approx(40.0 * 40.0, rel=1e-9)
