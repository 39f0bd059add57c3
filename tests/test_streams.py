"""course_utils.streams: fresh videos every epoch, and model.fit on a stream."""

import numpy as np
import pytest

from course_utils.streams import VideoStream, epoch_seed
from course_utils.video import make_videos

SMALL = {"frames": 4, "height": 16, "width": 24, "square": 4}


def _small_stream(**overrides):
    settings = {"per_class": 3, "seed": 5, "epochs": 3, "batch_size": 5, **SMALL}
    settings.update(overrides)
    return VideoStream(**settings)


def test_lengths_and_shapes():
    stream = _small_stream()
    assert stream.videos_per_epoch == 12
    assert stream.batches_per_epoch == 3  # 5 + 5 + 2
    assert len(stream) == 9
    assert stream.clip_shape == (4, 16, 24, 1)
    x, y = stream[2]
    assert x.shape == (2, 4, 16, 24, 1) and x.dtype == np.float32
    assert y.shape == (2,)
    assert stream.class_names == ("sine", "constant", "ascending", "descending")


def test_batch_i_is_a_pure_function_of_i():
    first, second = _small_stream(), _small_stream()
    # Ask in different orders: prefetching must not change what a batch holds.
    late = first[7]
    early = first[0]
    assert np.array_equal(late[0], second[7][0]) and np.array_equal(late[1], second[7][1])
    assert np.array_equal(early[0], second[0][0])
    x1, y1 = second.epoch_videos(1)
    assert np.array_equal(first[3][0], x1[:5]) and np.array_equal(first[5][1], y1[10:])


def test_every_epoch_is_new_and_balanced():
    stream = _small_stream()
    epochs = [stream.epoch_videos(e) for e in range(3)]
    for x, y in epochs:
        assert np.bincount(y).tolist() == [3, 3, 3, 3]
        assert (x.sum(axis=(2, 3, 4)) == 16).all()  # the whole 4 x 4 square in every frame
    assert not np.array_equal(epochs[0][0], epochs[1][0])
    assert len({epoch_seed(5, e) for e in range(100)}) == 100
    x0, y0 = epochs[0]
    x_direct, y_direct, _ = make_videos(3, epoch_seed(5, 0), **SMALL)
    assert np.array_equal(x0, x_direct) and np.array_equal(y0, y_direct)


def test_the_placement_is_passed_on():
    for placement in ("random", "original"):
        stream = VideoStream(2, 4, epochs=1, batch_size=8, placement=placement, **SMALL)
        x, y = stream.epoch_videos(0)
        x_direct, y_direct, _ = make_videos(2, epoch_seed(4, 0), placement=placement, **SMALL)
        assert np.array_equal(x, x_direct) and np.array_equal(y, y_direct)


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"per_class": 0}, ValueError, "per_class must be an int >= 1, got 0"),
        ({"epochs": 2.5}, TypeError, "epochs must be an int >= 1, got 2.5"),
        ({"batch_size": -1}, ValueError, "batch_size must be an int >= 1, got -1"),
        ({"seed": -3}, ValueError, "seed must be an int >= 0, got -3"),
    ],
)
def test_bad_arguments_say_what_was_expected(overrides, error, message):
    with pytest.raises(error, match=message):
        _small_stream(**overrides)


def test_index_out_of_range():
    with pytest.raises(IndexError, match=r"batch index must be in 0 \.\. 8, got 9"):
        _small_stream()[9]


@pytest.fixture
def small_model(tiny_sequence_model):
    return lambda: tiny_sequence_model((4, 16, 24, 1), 4, units=4)


def fit(model, stream, epochs):
    return model.fit(stream, epochs=epochs, steps_per_epoch=stream.batches_per_epoch,
                     shuffle=False, verbose=0)


def test_fit_on_a_stream_is_reproducible_and_sees_new_videos_every_epoch(small_model):
    losses = []
    for _ in range(2):
        history = fit(small_model(), _small_stream(), epochs=3)
        assert len(history.epoch) == 3
        losses.append(history.history["loss"])
    assert losses[0] == losses[1]


def test_fit_asks_for_every_batch_of_every_epoch_once(small_model):
    asked = []

    class Recorded(VideoStream):
        def __getitem__(self, index):
            asked.append(index)
            return super().__getitem__(index)

    stream = Recorded(per_class=3, seed=5, epochs=3, batch_size=5, **SMALL)
    fit(small_model(), stream, epochs=3)
    assert sorted(set(asked)) == list(range(len(stream)))  # 3 epochs x 3 batches, none skipped
