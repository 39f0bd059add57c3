"""Tests for course_utils.video: the synthetic moving-square videos and their display helpers."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.display import HTML
from matplotlib.figure import Figure

from course_utils import video
from course_utils.baselines import position_rule
from course_utils.baselines import square_centres as measured_centres
from course_utils.display import animate, filmstrip
from course_utils.video import (
    CLASS_NAMES,
    DEFAULT_NOISE,
    HORIZONTAL_TRAVEL,
    RISE,
    SINE_AMPLITUDE,
    make_videos,
    paint_squares,
    square_positions,
)

N_PER_CLASS = 10
SQUARE = 6
HEIGHT, WIDTH, FRAMES = 50, 130, 20

# Measured with the defaults: about 80 KB for four 20-frame 50 x 130 clips.
ANIMATION_BUDGET_BYTES = 300_000


@pytest.fixture(scope="module")
def dataset() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    return make_videos(n_per_class=N_PER_CLASS, seed=7)


def square_centres(videos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row and column centre of the lit pixels, each of shape (samples, frames)."""
    lit = videos[..., 0] > 0.5  # (samples, frames, rows, cols)
    count = lit.sum(axis=(2, 3))
    rows = (lit.sum(axis=3) * np.arange(videos.shape[2])).sum(axis=2) / count
    cols = (lit.sum(axis=2) * np.arange(videos.shape[3])).sum(axis=2) / count
    return rows, cols


def videos_of(dataset, name: str) -> np.ndarray:
    x, y, names = dataset
    return x[y == names.index(name)]


# --------------------------------------------------------------------------- make_videos


def test_shape_dtype_and_range(dataset):
    x, y, names = dataset
    assert names == CLASS_NAMES
    assert x.shape == (N_PER_CLASS * 4, FRAMES, HEIGHT, WIDTH, 1)
    assert x.dtype == np.float32
    assert y.shape == (N_PER_CLASS * 4,)
    assert np.issubdtype(y.dtype, np.integer)
    assert set(np.unique(x).tolist()) == {0.0, 1.0}


def test_every_frame_shows_the_whole_square(dataset):
    x, _, _ = dataset
    lit = x[..., 0] > 0.5
    assert (lit.sum(axis=(2, 3)) == SQUARE * SQUARE).all()
    # The lit pixels form one square: SQUARE lit rows and SQUARE lit columns in each frame.
    assert (lit.any(axis=3).sum(axis=2) == SQUARE).all()
    assert (lit.any(axis=2).sum(axis=2) == SQUARE).all()


def test_classes_are_balanced_and_shuffled(dataset):
    _, y, names = dataset
    assert np.bincount(y, minlength=len(names)).tolist() == [N_PER_CLASS] * len(names)
    assert not (np.diff(y) >= 0).all(), "labels come out sorted: the data set is not shuffled"


# ----------------------------------------------- the course's placement (default: "random")


def test_ascending_rises_on_screen_and_descending_falls(dataset):
    for name, sign in (("ascending", -1), ("descending", 1)):
        rows, _ = square_centres(videos_of(dataset, name))
        slopes = np.polyfit(np.arange(FRAMES), rows.T, deg=1)[0]
        # rows shrink for ascending: the square goes UP the screen; they grow for descending
        assert (sign * slopes > 0.5).all(), name
        assert (sign * (rows[:, -1] - rows[:, 0]) > RISE * (HEIGHT - SQUARE) / 2).all(), name


def test_every_class_moves_sideways_both_ways_from_random_starts():
    x, y, names = make_videos(40, seed=11)
    rows, cols = square_centres(x)
    steps = np.diff(cols, axis=1)
    rightwards = (steps > 0).all(axis=1)
    leftwards = (steps < 0).all(axis=1)
    assert (rightwards | leftwards).all()  # every clip moves steadily one way
    travel = np.abs(cols[:, -1] - cols[:, 0])
    assert np.abs(travel - HORIZONTAL_TRAVEL * (WIDTH - SQUARE)).max() <= 1
    for label, name in enumerate(names):
        mine = y == label
        # both directions occur in every class, about half each
        assert 0.25 < rightwards[mine].mean() < 0.75, name
        assert cols[mine, 0].std() > 10, name  # the start column varies
        assert rows[mine, 0].std() > 4, name  # and so does the start row


def test_constant_keeps_its_height(dataset):
    rows, _ = square_centres(videos_of(dataset, "constant"))
    spread = np.abs(rows - np.median(rows, axis=1, keepdims=True))
    assert spread.max() <= 6 * DEFAULT_NOISE
    assert rows.std(axis=1).max() <= 2 * DEFAULT_NOISE
    assert np.median(rows, axis=1).std() > 4  # each clip at its own height


def test_sine_follows_one_period_with_a_random_phase():
    rows, _ = square_positions("sine", 200, seed=4, noise=0.0)
    progress = np.linspace(0, 1, FRAMES)
    # Fit centre - a*sin(2 pi p) - b*cos(2 pi p) to every clip: one period, any phase.
    basis = np.stack([np.ones(FRAMES), np.sin(2 * np.pi * progress), np.cos(2 * np.pi * progress)])
    coefficients, residuals, *_ = np.linalg.lstsq(basis.T, rows.T.astype(float), rcond=None)
    assert np.sqrt(residuals / FRAMES).max() < 1.0  # rounding to whole pixels only
    amplitude = np.hypot(coefficients[1], coefficients[2])
    expected = SINE_AMPLITUDE * (HEIGHT - SQUARE)  # noise=0: no margin from the edges
    assert np.abs(amplitude - expected).max() < 1.0
    phase = np.arctan2(coefficients[2], coefficients[1])
    assert np.histogram(phase, bins=4, range=(-np.pi, np.pi))[0].min() > 25  # all phases occur


def test_descending_is_ascending_played_backwards():
    for seed in (0, 5):
        up_rows, up_cols = square_positions("ascending", 30, seed)
        down_rows, down_cols = square_positions("descending", 30, seed)
        np.testing.assert_array_equal(down_rows, up_rows[:, ::-1])
        np.testing.assert_array_equal(down_cols, up_cols[:, ::-1])
    # The same holds for painted clips: reversing time maps ascending videos to descending ones.
    up = make_videos(5, seed=9, classes=("ascending",))[0]
    down = make_videos(5, seed=9, classes=("descending",))[0]
    np.testing.assert_array_equal(down, up[:, ::-1])


#: Largest difference allowed between one class's mean position in a frame and the mean over all
#: classes in that frame, in pixels (rows, cols). Ascending and descending cannot agree exactly
#: in the first and last frames: a square that rises by RISE must start lower than it ends. Their
#: gap there is RISE / 2 of the usable rows on either side of the average (8.6 px with the
#: defaults); the tolerance below allows that and 1.5 px more. Columns carry no class at all.
POSITION_TOLERANCE = (RISE * (HEIGHT - SQUARE - 2 * DEFAULT_NOISE) / 2 + 1.5, 1.5)


def test_per_frame_position_distribution_is_similar_across_classes():
    n = 2000
    rng = np.random.default_rng(0)
    positions = {name: square_positions(name, n, rng) for name in CLASS_NAMES}
    all_rows = np.concatenate([rows for rows, _ in positions.values()])
    all_cols = np.concatenate([cols for _, cols in positions.values()])
    for name, (rows, cols) in positions.items():
        for values, pooled, tolerance in (
            (rows, all_rows, POSITION_TOLERANCE[0]),
            (cols, all_cols, POSITION_TOLERANCE[1]),
        ):
            gap = np.abs(values.mean(axis=0) - pooled.mean(axis=0))  # per frame
            assert gap.max() <= tolerance, (name, gap.max())
            # spread: every class covers most of the frame in every frame
            assert (values.std(axis=0) > 0.5 * pooled.std(axis=0)).all(), name
        # In the middle frames the row distributions agree closely (histogram distance).
        middle = slice(FRAMES // 2 - 1, FRAMES // 2 + 1)
        bins = np.linspace(0, HEIGHT - SQUARE, 9)
        mine = np.histogram(rows[:, middle], bins)[0] / rows[:, middle].size
        pooled_hist = np.histogram(all_rows[:, middle], bins)[0] / all_rows[:, middle].size
        assert 0.5 * np.abs(mine - pooled_hist).sum() < 0.15, name  # measured at most 0.1


def test_one_frame_says_little_about_the_class():
    """A nearest-neighbour rule on the square's position in one frame stays far from 100%."""
    (x, y, _), (x_test, y_test, _) = make_videos(150, seed=1), make_videos(50, seed=2)
    for frame in (0, FRAMES // 2, FRAMES - 1):
        score = (position_rule(x, y, x_test, frame=frame) == y_test).mean()
        assert score < 0.6, frame  # measured about 0.4 at the ends, 0.3 in the middle
    # With the original lesson's placement the first frame alone gives the class.
    (x, y, _), (x_test, y_test, _) = (
        make_videos(n, seed=s, placement="original") for n, s in ((50, 1), (25, 2))
    )
    assert (position_rule(x, y, x_test, frame=0) == y_test).mean() > 0.95


def test_square_centres_and_position_rule_check_their_input(dataset):
    x, y, _ = dataset
    rows, cols = measured_centres(x)
    np.testing.assert_allclose(rows, square_centres(x)[0])
    assert rows.shape == cols.shape == (len(x), FRAMES)
    with pytest.raises(ValueError, match="blank frame"):
        measured_centres(np.zeros((1, 2, 12, 12, 1), np.float32))
    with pytest.raises(ValueError, match="one int label per training clip"):
        position_rule(x, y[:3], x)
    with pytest.raises(ValueError, match="frame must be < the clips' 20 frames, got 20"):
        position_rule(x, y, x, frame=FRAMES)


# --------------------------------------------------- the original lesson's placement


@pytest.fixture(scope="module")
def original() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    return make_videos(n_per_class=N_PER_CLASS, seed=7, placement="original")


def test_original_ascending_moves_up_and_right(original):
    rows, cols = square_centres(videos_of(original, "ascending"))
    slopes = np.polyfit(np.arange(FRAMES), rows.T, deg=1)[0]
    assert (slopes < -1.0).all()  # rows shrink: the square goes UP the screen
    assert (rows[:, -1] < rows[:, 0] - (HEIGHT - SQUARE) / 2).all()
    assert (np.diff(cols, axis=1) > 0).all()


def test_original_descending_moves_down_and_right(original):
    rows, cols = square_centres(videos_of(original, "descending"))
    slopes = np.polyfit(np.arange(FRAMES), rows.T, deg=1)[0]
    assert (slopes > 1.0).all()  # rows grow: the square goes DOWN the screen
    assert (rows[:, -1] > rows[:, 0] + (HEIGHT - SQUARE) / 2).all()
    assert (np.diff(cols, axis=1) > 0).all()


def _assert_stays_put(rows, cols):
    for centres in (rows, cols):
        spread = np.abs(centres - np.median(centres, axis=1, keepdims=True))
        assert spread.max() <= 6 * DEFAULT_NOISE
        assert centres.std(axis=1).max() <= 2 * DEFAULT_NOISE


def test_original_constant_stays_put_at_the_centre(original):
    x, _, _ = original
    rows, cols = square_centres(videos_of(original, "constant"))
    _assert_stays_put(rows, cols)
    height, width = x.shape[2:4]
    assert np.abs(np.median(rows, axis=1) - (height - 1) / 2).max() <= 2
    assert np.abs(np.median(cols, axis=1) - (width - 1) / 2).max() <= 2


def test_unknown_placement_is_named():
    with pytest.raises(ValueError, match=r"placement must be one of \('random', 'original'\)"):
        make_videos(1, seed=0, placement="seed")


def test_original_sine_follows_one_period(original):
    rows, cols = square_centres(videos_of(original, "sine"))
    wave = -np.sin(np.linspace(0, 2 * np.pi, FRAMES))  # going up first = rows decreasing first
    for row_centres in rows:
        assert np.corrcoef(row_centres, wave)[0, 1] > 0.9
    assert (rows.max(axis=1) - rows.min(axis=1) > (HEIGHT - SQUARE) / 2).all()
    assert (np.diff(cols, axis=1) > 0).all()


def test_same_seed_same_data_different_seed_different_data(dataset):
    x, y, names = dataset
    x_again, y_again, names_again = make_videos(n_per_class=N_PER_CLASS, seed=7)
    np.testing.assert_array_equal(x, x_again)
    np.testing.assert_array_equal(y, y_again)
    assert names == names_again
    x_other, y_other, _ = make_videos(n_per_class=N_PER_CLASS, seed=8)
    assert not np.array_equal(y, y_other)
    # Compare clip by clip within each class, so the check does not rely on the shuffle.
    for label in range(len(names)):
        assert not np.array_equal(x[y == label], x_other[y_other == label])


def test_class_subset_and_order():
    x, y, names = make_videos(3, seed=0, classes=("descending", "constant"))
    assert names == ("descending", "constant")
    assert sorted(np.bincount(y).tolist()) == [3, 3]
    rows, _ = square_centres(x[y == 0])
    assert (rows[:, -1] > rows[:, 0]).all()


def test_numpy_integers_are_accepted():
    x, _, _ = make_videos(np.int64(1), seed=np.int32(3), frames=np.int64(4))
    assert x.shape == (4, 4, HEIGHT, WIDTH, 1)


@pytest.mark.parametrize(
    ("frames", "height", "width", "square", "noise"),
    [
        (2, 12, 12, 6, 1.0),  # smallest allowed frame for a 6-pixel square
        (20, 50, 130, 6, 25.0),  # jitter far larger than the frame
        (64, 20, 30, 1, 0.5),  # more frames than columns to cross
        (5, 90, 14, 7, 0.0),  # tall, narrow frame without jitter
    ],
)
@pytest.mark.parametrize("placement", ["random", "original"])
def test_square_stays_inside_any_valid_frame(frames, height, width, square, noise, placement):
    geometry = {"frames": frames, "height": height, "width": width, "square": square}
    x, _, _ = make_videos(3, seed=1, noise=noise, placement=placement, **geometry)
    assert x.shape == (12, frames, height, width, 1)
    assert (x.sum(axis=(2, 3, 4)) == square * square).all()
    for name in CLASS_NAMES:
        rows, cols = square_positions(name, 5, 0, noise=noise, placement=placement, **geometry)
        assert rows.shape == cols.shape == (5, frames)
        assert rows.min() >= 0 and rows.max() <= height - square
        assert cols.min() >= 0 and cols.max() <= width - square


def test_square_positions_without_noise_are_exact():
    span_rows, span_cols = HEIGHT - SQUARE, WIDTH - SQUARE
    original = {"seed": 0, "noise": 0.0, "placement": "original"}
    rows, cols = square_positions("ascending", 2, **original)
    assert rows[:, 0].tolist() == [span_rows] * 2 and rows[:, -1].tolist() == [0, 0]
    assert cols[:, 0].tolist() == [0, 0] and cols[:, -1].tolist() == [span_cols] * 2
    rows, _ = square_positions("descending", 2, **original)
    assert rows[:, 0].tolist() == [0, 0] and rows[:, -1].tolist() == [span_rows] * 2
    rows, _ = square_positions("sine", 2, **original)
    assert rows.min() == 0 and rows.max() == span_rows
    assert rows[0, 0] == rows[0, -1] == round(span_rows / 2)
    rows, cols = square_positions("constant", 3, **original)
    assert (rows == rows[:, :1]).all() and (cols == cols[:, :1]).all()
    # The course's placement: exact rise, exact sideways travel, a constant row.
    rows, cols = square_positions("ascending", 50, seed=0, noise=0.0)
    assert np.abs(rows[:, 0] - rows[:, -1] - RISE * span_rows).max() <= 1
    assert np.abs(np.abs(cols[:, -1] - cols[:, 0]) - HORIZONTAL_TRAVEL * span_cols).max() <= 1
    rows, _ = square_positions("constant", 5, seed=0, noise=0.0)
    assert (rows == rows[:, :1]).all()


def test_square_positions_accepts_a_generator():
    first = square_positions("sine", 4, np.random.default_rng(5))
    second = square_positions("sine", 4, 5)
    np.testing.assert_array_equal(first[0], second[0])


def test_paint_squares_lights_exactly_the_square():
    rows = np.array([[0, 4]])
    cols = np.array([[0, 10]])
    videos = paint_squares(rows, cols, height=8, width=14, square=4)
    assert videos.shape == (1, 2, 8, 14, 1) and videos.dtype == np.float32
    expected = np.zeros((2, 8, 14), dtype=np.float32)
    expected[0, 0:4, 0:4] = 1
    expected[1, 4:8, 10:14] = 1
    np.testing.assert_array_equal(videos[0, ..., 0], expected)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"frames": 1}, ValueError, r"frames must be an integer >= 2, got frames=1"),
        ({"square": 0}, ValueError, r"square must be an integer >= 1, got square=0"),
        ({"height": 11}, ValueError, r"height must be at least 2 \* square = 12.*height=11"),
        ({"width": 5}, ValueError, r"width must be at least 2 \* square = 12.*width=5"),
        ({"n_per_class": 0}, ValueError, r"n_per_class must be an integer >= 1, got n_per_class=0"),
        ({"classes": ("sine", "up")}, ValueError, r"unknown class name 'up'.*'sine'.*'descending'"),
        ({"classes": ("sine", "sine")}, ValueError, r"classes must not repeat.*'sine'"),
        ({"classes": ()}, ValueError, r"classes must name at least one class"),
        ({"classes": "sine"}, TypeError, r"classes must be a sequence"),
        ({"noise": -1.0}, ValueError, r"noise must be a finite number >= 0.*-1\.0"),
        ({"noise": float("nan")}, ValueError, r"noise must be a finite number"),
        ({"noise": "1"}, TypeError, r"noise must be a number"),
        ({"n_per_class": 2.5}, TypeError, r"n_per_class must be an integer, got float 2\.5"),
        ({"n_per_class": True}, TypeError, r"n_per_class must be an integer, got bool"),
        ({"frames": 20.0}, TypeError, r"frames must be an integer, got float"),
        ({"seed": -1}, ValueError, r"seed must be an integer >= 0, got seed=-1"),
        ({"seed": "42"}, TypeError, r"seed must be an integer, got str"),
    ],
)
def test_bad_arguments_are_named(kwargs, error, match):
    arguments = {"n_per_class": 1, "seed": 0, **kwargs}
    with pytest.raises(error, match=match):
        make_videos(**arguments)


def test_square_positions_rejects_unknown_class():
    with pytest.raises(ValueError, match=r"class_name: unknown class name 'static'"):
        square_positions("static", 1, 0)


# --------------------------------------------------------------------------- animate


def test_animate_grid_is_a_small_looping_html_player(dataset):
    x, y, names = dataset
    html = animate(x[:4], y[:4], names)
    assert isinstance(html, HTML)
    text = html.data
    assert "new Animation(" in text and "<img" in text
    assert len(re.findall(r"frames\[\d+\] = \"data:image/png;base64,", text)) == FRAMES
    assert re.search(r'value="loop"[^>]*checked', text)
    size = len(text.encode())
    assert size < ANIMATION_BUDGET_BYTES, f"4-clip animation is {size / 1e3:.0f} KB"
    assert plt.get_fignums() == []  # the figure is closed: no stray static image


@pytest.mark.parametrize("clip_shape", [(5, 12, 20), (5, 12, 20, 1)])
def test_animate_single_clip(clip_shape):
    clip = np.zeros(clip_shape, dtype=np.float32)
    html = animate(clip, labels=1, class_names=CLASS_NAMES, predictions=2)
    assert len(re.findall(r"frames\[\d+\] = ", html.data)) == 5
    assert plt.get_fignums() == []


@pytest.mark.parametrize(
    ("shape", "match"),
    [
        ((12, 20), r"videos: expected one clip .*got 2-D shape \(12, 20\)"),
        ((2, 5, 12, 20), r"videos: .*4-D array of shape \(2, 5, 12, 20\)"),
        ((2, 5, 12, 20, 3), r"videos: .*single channel; got shape \(2, 5, 12, 20, 3\)"),
        ((1, 2, 2, 5, 12, 20), r"videos: .*got 6-D"),
    ],
)
def test_animate_rejects_wrong_shapes(shape, match):
    with pytest.raises(ValueError, match=match):
        animate(np.zeros(shape, dtype=np.float32))


def test_animate_rejects_mismatched_labels_and_large_batches():
    batch = np.zeros((3, 2, 12, 20, 1), dtype=np.float32)
    with pytest.raises(ValueError, match=r"labels: expected one label per clip \(3\)"):
        animate(batch, labels=[0, 1])
    with pytest.raises(ValueError, match=r"predictions: values must index class_names"):
        animate(batch, labels=[0, 1, 2], class_names=CLASS_NAMES, predictions=[0, 1, 9])
    with pytest.raises(ValueError, match=r"at most max_clips=2"):
        animate(batch, max_clips=2)
    assert plt.get_fignums() == []


# --------------------------------------------------------------------------- filmstrip


def test_filmstrip_grid(dataset, capsys):
    x, y, names = dataset
    fig = filmstrip(x[:4], y[:4], names, step=2, max_frames=10)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 4 * 10
    assert [fig.axes[i * 10].get_ylabel() for i in range(4)] == [names[k] for k in y[:4]]
    assert fig.axes[0].get_title() == "t=0" and fig.axes[9].get_title() == "t=18"
    assert plt.get_fignums() == []
    fig.canvas.draw()  # renders under Agg
    assert capsys.readouterr().out == ""


def test_filmstrip_single_clip_step_and_max_frames(dataset):
    x, _, _ = dataset
    assert len(filmstrip(x[0], step=3).axes) == 7  # frames 0, 3, ..., 18
    assert len(filmstrip(x[0, ..., 0], max_frames=4).axes) == 4


def test_filmstrip_marks_wrong_predictions_in_red():
    batch = np.zeros((2, 3, 12, 20, 1), dtype=np.float32)
    fig = filmstrip(batch, [0, 1], CLASS_NAMES, predictions=[0, 2])
    right, wrong = fig.axes[0].yaxis.label, fig.axes[3].yaxis.label
    assert right.get_text() == "sine\npred: sine" and right.get_color() == "black"
    assert wrong.get_text() == "constant\npred: ascending" and wrong.get_color() == "red"


def test_filmstrip_rejects_wrong_ndim():
    with pytest.raises(ValueError, match=r"video_or_videos: expected one clip"):
        filmstrip(np.zeros((4, 4)))


def test_played_backwards_reverses_frames_and_turns_ascending_into_descending():
    x, y, names = video.make_videos(6, seed=3)
    back = video.played_backwards(x)
    assert back.shape == x.shape and back.dtype == x.dtype and back.flags["C_CONTIGUOUS"]
    assert np.array_equal(back[:, 0], x[:, -1]) and np.array_equal(back[:, -1], x[:, 0])
    rows, _ = measured_centres(back)
    flipped = video.backwards_labels(y, names)
    for label, name in enumerate(names):  # reversed ascending clips fall, like descending ones
        rise = (rows[flipped == label, 0] - rows[flipped == label, -1]).mean()
        if name == "ascending":
            assert rise > 5
        elif name == "descending":
            assert rise < -5
    up, down = names.index("ascending"), names.index("descending")
    assert np.array_equal(flipped[y == up], np.full((y == up).sum(), down))
    assert np.array_equal(flipped[y == 0], y[y == 0])  # the others keep their class


def test_frames_shuffled_moves_whole_frames_each_clip_its_own_order():
    x, _, _ = video.make_videos(5, seed=4)
    shuffled = video.frames_shuffled(x, seed=0)
    assert shuffled.shape == x.shape and shuffled.dtype == x.dtype
    assert np.array_equal(shuffled, video.frames_shuffled(x, seed=0))  # seeded
    assert not np.array_equal(shuffled, x)
    for clip, mixed in zip(x, shuffled, strict=True):  # the same frames, as whole frames
        flat, mixed_flat = clip.reshape(len(clip), -1), mixed.reshape(len(mixed), -1)
        assert sorted(map(bytes, flat)) == sorted(map(bytes, mixed_flat))
    assert (shuffled.sum(axis=(2, 3, 4)) == 36).all()  # every frame still one whole square
    orders = {bytes(np.argsort(measured_centres(m[None])[1][0])) for m in shuffled[:8]}
    assert len(orders) > 1  # not one order for every clip


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: video.played_backwards([[1.0]]), TypeError,
         "videos must be a NumPy array, got list"),
        (lambda: video.frames_shuffled(np.zeros((2, 3, 4, 4)), 0), ValueError,
         r"videos must be a non-empty \(samples, frames, rows, cols, channels\) array, got shape"),
        (lambda: video.frames_shuffled(np.zeros((2, 3, 4, 4, 1)), -1), ValueError, "seed"),
        (lambda: video.backwards_labels(np.array([0.0, 1.0])), TypeError,
         "labels must be a 1-D integer array, got float64"),
        (lambda: video.backwards_labels(np.array([0, 4])), ValueError,
         r"labels must lie in 0..3"),
        (lambda: video.backwards_labels(np.array([0]), ("sine", "constant")), ValueError,
         "classes must include 'ascending' and 'descending'"),
    ],
)
def test_time_helpers_reject_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
