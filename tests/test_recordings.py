"""course_utils.recordings (the embedded UEA files, the .ts parser, padding, normalisation), and
the lesson 06 parts of display (plot_recordings) and baselines (1-NN DTW).

The expected values below were read by hand from the original .ts files of aeon 1.6.0 (the first
and last numbers of given lines), not computed with the parser under test.
"""

import gzip
import shutil

import numpy as np
import pytest

from course_utils import baselines, display
from course_utils import recordings as rec


@pytest.fixture(scope="module")
def motions():
    return rec.load_recordings("BasicMotions")


@pytest.fixture(scope="module")
def vowels():
    return rec.load_recordings("JapaneseVowels")


def test_basic_motions_shapes_classes_and_split(motions):
    assert motions.x_train.shape == (40, 100, 6) and motions.x_test.shape == (40, 100, 6)
    assert motions.x_train.dtype == np.float32 and motions.y_train.dtype == np.int64
    assert motions.class_names == ("Standing", "Running", "Walking", "Badminton")
    assert np.bincount(motions.y_train).tolist() == [10, 10, 10, 10]
    assert np.bincount(motions.y_test).tolist() == [10, 10, 10, 10]
    assert not motions.variable_length and set(motions.lengths_train) == {100}
    assert motions.describe().startswith("BasicMotions: 40 train / 40 test recordings, 6 channels")


def test_basic_motions_values_read_by_hand(motions):
    # First data line of BasicMotions_TRAIN.ts: "0.079106,0.079106,-0.903497,...", label Standing;
    # its sixth dimension ends with -0.03196.
    np.testing.assert_allclose(motions.x_train[0, :3, 0], [0.079106, 0.079106, -0.903497])
    assert motions.x_train[0, -1, 5] == pytest.approx(-0.03196)
    assert motions.class_names[motions.y_train[0]] == "Standing"
    # Last line of BasicMotions_TEST.ts: third dimension starts -0.353783,-0.353783; Badminton.
    np.testing.assert_allclose(motions.x_test[-1, :2, 2], [-0.353783, -0.353783])
    assert motions.class_names[motions.y_test[-1]] == "Badminton"


def test_japanese_vowels_variable_length_padded(vowels):
    assert vowels.x_train.shape == (270, 29, 12) and vowels.x_test.shape == (370, 29, 12)
    assert vowels.class_names == tuple(str(i) for i in range(1, 10))
    assert vowels.variable_length
    assert (vowels.lengths_train.min(), vowels.lengths_train.max()) == (7, 26)
    assert (vowels.lengths_test.min(), vowels.lengths_test.max()) == (7, 29)
    assert np.bincount(vowels.y_train).tolist() == [30] * 9
    assert np.bincount(vowels.y_test).tolist() == [31, 35, 88, 44, 29, 24, 40, 50, 29]
    splits = ((vowels.x_train, vowels.lengths_train), (vowels.x_test, vowels.lengths_test))
    for x, lengths in splits:
        padding = ~rec.step_mask(lengths, x.shape[1])
        assert (x[padding] == 0).all()  # padded steps are exactly zero
        assert (np.abs(x[~padding]).sum(axis=-1) > 0).all()  # no real step is all zeros


def test_japanese_vowels_values_read_by_hand(vowels):
    # First line of JapaneseVowels_TRAIN.ts: 20 frames; dimension 1 starts 1.860936, dimension 2
    # -0.207383, dimension 3 0.261557; dimension 12 starts 0.088728 and ends -0.175986; speaker 1.
    assert vowels.lengths_train[0] == 20
    np.testing.assert_allclose(vowels.x_train[0, 0, :3], [1.860936, -0.207383, 0.261557])
    assert vowels.x_train[0, 0, 11] == pytest.approx(0.088728)
    assert vowels.x_train[0, 19, 11] == pytest.approx(-0.175986)
    assert (vowels.x_train[0, 20:] == 0).all()
    assert vowels.class_names[vowels.y_train[0]] == "1"
    # First line of JapaneseVowels_TEST.ts: 19 frames, starts 1.635533, speaker 1.
    assert vowels.lengths_test[0] == 19 and vowels.x_test[0, 0, 0] == pytest.approx(1.635533)
    assert vowels.y_test[0] == 0


def test_checksums_are_verified(tmp_path, monkeypatch):
    for name, _ in rec.FILES.values():
        shutil.copy(rec.DATA_DIR / name, tmp_path / name)
    target = tmp_path / "BasicMotions_TEST.ts.gz"
    raw = bytearray(target.read_bytes())
    raw[100] ^= 0xFF
    target.write_bytes(bytes(raw))
    monkeypatch.setattr(rec, "DATA_DIR", tmp_path)
    with pytest.raises(rec.RecordingFileError, match="BasicMotions_TEST.ts.gz is corrupt"):
        rec.load_recordings("BasicMotions")
    (tmp_path / "JapaneseVowels_TRAIN.ts.gz").unlink()
    with pytest.raises(rec.RecordingFileError, match="not found"):
        rec.load_recordings("JapaneseVowels")


def test_unknown_data_set_is_refused():
    with pytest.raises(ValueError, match="BasicMotions, JapaneseVowels; got 'Epilepsy'"):
        rec.load_recordings("Epilepsy")


TINY = """# a comment
@problemName Tiny
@timeStamps false
@missing false
@univariate false
@dimensions 2
@equalLength false
@classLabel true up down
@data
1,2,3:4,5,6:up
-1.5,2e-1:0,7:down
"""


def test_parse_ts_reads_a_tiny_file():
    parsed = rec.parse_ts(TINY)
    assert parsed.class_names == ("up", "down") and parsed.labels == ("up", "down")
    assert parsed.header["problemname"] == "Tiny"
    np.testing.assert_array_equal(parsed.series[0], [[1, 4], [2, 5], [3, 6]])
    np.testing.assert_array_equal(parsed.series[1], [[-1.5, 0], [0.2, 7]])
    x, lengths = rec.pad_series(parsed.series)
    assert x.shape == (2, 3, 2) and lengths.tolist() == [3, 2] and (x[1, 2] == 0).all()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("1,2,3:4,5,6:up", "1,2,3:4,5:up"), "different lengths"),
        (("1,2,3:4,5,6:up", "1,2,x:4,5,6:up"), "not a number"),
        (("-1.5,2e-1:0,7:down", "-1.5,2e-1:0,7:sideways"), "not in @classLabel"),
        (("@dimensions 2", "@dimensions 3"), "3 dimensions"),
        (("@missing false", "@missing true"), "@missing false"),
        (("@data\n", ""), "expected '@key value', got '1,2,3:4,5,6:up'"),
    ],
)
def test_parse_ts_refuses_what_it_does_not_handle(edit, message):
    with pytest.raises(rec.RecordingFileError, match=message):
        rec.parse_ts(TINY.replace(*edit), source="tiny.ts")


def test_parse_ts_needs_a_data_section():
    with pytest.raises(rec.RecordingFileError, match="no '@data' line"):
        rec.parse_ts(TINY.split("@data")[0], source="tiny.ts")


def test_read_ts_gz_round_trip(tmp_path):
    path = tmp_path / "tiny.ts.gz"
    path.write_bytes(gzip.compress(TINY.encode("ascii")))
    assert rec.read_ts_gz(path).labels == ("up", "down")
    with pytest.raises(rec.RecordingFileError, match="corrupt"):
        rec.read_ts_gz(path, expected_sha256="0" * 64)


def test_standardise_uses_real_steps_and_keeps_padding_zero():
    x = np.zeros((2, 4, 1), dtype=np.float32)
    x[0, :, 0] = [1, 2, 3, 4]
    x[1, :2, 0] = [5, 6]
    lengths = np.array([4, 2])
    mean, std = rec.channel_stats(x, lengths)
    real = np.array([1, 2, 3, 4, 5, 6], dtype=np.float32)
    assert mean[0] == pytest.approx(real.mean()) and std[0] == pytest.approx(real.std())
    z = rec.standardise(x, lengths, mean, std)
    assert z.dtype == np.float32 and (z[1, 2:] == 0).all()
    assert z[rec.step_mask(lengths, 4)].mean() == pytest.approx(0.0, abs=1e-6)


def test_step_mask_checks_its_lengths():
    assert rec.step_mask(np.array([1, 3]), 3).tolist() == [[True, False, False], [True] * 3]
    with pytest.raises(ValueError, match="between 1 and time=3"):
        rec.step_mask(np.array([4]), 3)


def test_plot_recordings_one_panel_per_class_and_row(motions, vowels):
    fig = display.plot_recordings(motions, per_class=2)
    assert len(fig.axes) == 8 and len(fig.axes[0].lines) == 6
    fig = display.plot_recordings(vowels, per_class=1, split="test")
    assert len(fig.axes) == 9 and len(fig.axes[0].images) == 1
    with pytest.raises(ValueError, match="split must be"):
        display.plot_recordings(motions, split="val")


def test_dtw_distances_by_hand_and_padding_ignored():
    a = np.zeros((2, 4, 1), dtype=np.float32)
    a[0, :3, 0] = [0, 1, 2]  # length 3
    a[1, :2, 0] = [0, 1]  # length 2
    b = np.zeros((2, 4, 1), dtype=np.float32)
    b[0, :, 0] = [0, 0, 1, 2]  # length 4: a[0] warped onto it costs nothing
    b[1, :2, 0] = [1, 1]  # length 2
    d = baselines.dtw_distances(a, np.array([3, 2]), b, np.array([4, 2]), chunk=1)
    # a[0]-b[1]: 0->1 (1), 1->1 (0), 2->1 (1): 2; a[1]-b[0]: 0,0 (0), 1 (0), 1->2 (1): 1;
    # a[1]-b[1]: 0->1 (1), 1->1 (0): 1.
    np.testing.assert_allclose(d, [[0.0, 2.0], [1.0, 1.0]])
    with pytest.raises(ValueError, match="alike"):
        baselines.dtw_distances(a, np.array([3, 2]), b[..., :0], np.array([4, 2]))


def test_nearest_neighbour_dtw_reproduces_the_published_basic_motions_figure(motions):
    # 1-NN DTW_D on BasicMotions' fixed split: 97.5% published (Dhariyal et al. 2020, from the
    # archive's benchmark results), i.e. 39 of the 40 test recordings.
    predicted = baselines.nearest_neighbour_dtw(motions)
    assert int((predicted == motions.y_test).sum()) == 39
