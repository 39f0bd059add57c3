"""Real recordings for lesson 06: two small data sets of the UEA multivariate archive.

Four files of the archive (Bagnall et al. 2018), copied unchanged from the ``aeon`` 1.6.0 wheel,
gzip-compressed, checksums verified on every load (``data_files/recordings/README.md``):

- **BasicMotions**: a wrist-worn smart watch's 3-D accelerometer and 3-D gyroscope, 100 steps at
  10 Hz; 4 activities (standing, running, walking, badminton); 40 train / 40 test recordings.
- **JapaneseVowels**: 9 male speakers saying the vowels /ae/, 12 LPC cepstrum coefficients per
  frame, **7 to 29 frames** (variable length); 270 train / 370 test utterances.

:func:`load_recordings` returns the archive's **fixed** train/test split as float32 arrays
``(samples, time, channels)``; shorter recordings are padded with zeros at the end, and the true
lengths come with them. :func:`parse_ts` reads exactly what these ``.ts`` files use, so the
course needs neither ``aeon`` nor ``sktime``.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA_DIR = Path(__file__).resolve().parent / "data_files" / "recordings"
SPLITS = ("TRAIN", "TEST")

#: ``(name, split) -> (file, sha256 of the .gz file)``.
FILES: dict[tuple[str, str], tuple[str, str]] = {
    ("BasicMotions", "TRAIN"): ("BasicMotions_TRAIN.ts.gz",
                                "e3b3ee3154a140393fed4f16b8dd99038120b98513cba4a8e7a5e9069c72eb79"),
    ("BasicMotions", "TEST"): ("BasicMotions_TEST.ts.gz",
                               "b01eb29f843be0c4a00231f85bced5fae0989ee664e42a70881be26f3506357e"),
    ("JapaneseVowels", "TRAIN"): ("JapaneseVowels_TRAIN.ts.gz",
                                  "db1a95abb817aaa4d3ab941ffc48107d1a4dbca63cf30c739b3a72de7c4e7091"),
    ("JapaneseVowels", "TEST"): ("JapaneseVowels_TEST.ts.gz",
                                 "b2defceea4a3b652e3807872472d2d333d9246c05fc0cc7bbbe9494d52c70366"),
}
DATASETS = ("BasicMotions", "JapaneseVowels")

#: What each channel holds. The archive names BasicMotions' six dimensions only as "a 3-D
#: accelerometer and a 3-D gyroscope", not which is which, so they are numbered here.
CHANNEL_NAMES: dict[str, tuple[str, ...]] = {
    "BasicMotions": tuple(f"sensor axis {i}" for i in range(1, 7)),
    "JapaneseVowels": tuple(f"cepstrum coefficient {i}" for i in range(1, 13)),
}
#: What one time step is (the x axis of ``display.plot_recordings``).
STEP_NAMES = {"BasicMotions": "step (0.1 s)", "JapaneseVowels": "frame"}


class RecordingFileError(RuntimeError):
    """An embedded recording file is missing, corrupt or not in the expected ``.ts`` format."""


@dataclass(frozen=True)
class TsFile:
    """What a ``.ts`` file holds."""

    header: dict[str, str]
    class_names: tuple[str, ...]
    series: tuple[np.ndarray, ...]
    labels: tuple[str, ...]


def _fail(source: str, line_number: int, message: str) -> RecordingFileError:
    return RecordingFileError(f"{source}, line {line_number}: {message}")


def parse_ts(text: str, source: str = "<text>") -> TsFile:
    """Parse the ``.ts`` text of a labelled, multivariate, timestamp-free archive file.

    The format: ``#`` comment lines, ``@key value`` header lines up to ``@data``, then one line
    per recording: each dimension's values separated by commas, dimensions separated by ``:``, and
    the class label after the last ``:``. Only what the four embedded files use is accepted
    (``@timeStamps false``, ``@missing false``, ``@classLabel true``); anything else raises
    :class:`RecordingFileError` naming ``source`` and the line.
    """
    header: dict[str, str] = {}
    series: list[np.ndarray] = []
    labels: list[str] = []
    in_data = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not in_data:
            if not line.startswith("@"):
                raise _fail(source, number, f"expected '@key value', got {line!r:.40}")
            key, _, value = line[1:].partition(" ")
            if key.lower() == "data":
                in_data = True
                continue
            header[key.lower()] = value.strip()
            continue
        *dimensions, label = line.split(":")
        if not dimensions:
            raise _fail(source, number, "a data line needs values, ':' and a class label")
        try:
            values = [np.array(d.split(","), dtype=np.float64) for d in dimensions]
        except ValueError as error:
            raise _fail(source, number, f"a value is not a number ({error})") from None
        lengths = {len(v) for v in values}
        if len(lengths) != 1:
            raise _fail(source, number, f"its dimensions have different lengths {sorted(lengths)}")
        series.append(np.stack(values, axis=-1))  # (time, channels)
        labels.append(label.strip())
    if not in_data:
        raise RecordingFileError(f"{source}: no '@data' line, this is not a .ts file")
    for key, wanted in (("timestamps", "false"), ("missing", "false")):
        if header.get(key, "").lower() != wanted:
            raise RecordingFileError(f"{source}: needs @{key} {wanted}, got {header.get(key)!r}")
    class_field = header.get("classlabel", "").split()
    if not class_field or class_field[0].lower() != "true":
        raise RecordingFileError(f"{source}: needs '@classLabel true <names>', got {class_field}")
    class_names = tuple(class_field[1:])
    _check_parsed(source, header, class_names, series, labels)
    return TsFile(header, class_names, tuple(series), tuple(labels))


def _check_parsed(source: str, header: dict[str, str], class_names: tuple[str, ...],
                  series: list[np.ndarray], labels: list[str]) -> None:
    """The parsed recordings agree with what the header promises."""
    if not series:
        raise RecordingFileError(f"{source}: no recordings after '@data'")
    channels = {s.shape[1] for s in series}
    if "dimensions" in header and channels != {int(header["dimensions"])}:
        raise RecordingFileError(
            f"{source}: header says {header['dimensions']} dimensions, recordings have {channels}"
        )
    if header.get("equallength", "").lower() == "true":
        lengths = {s.shape[0] for s in series}
        expected = int(header.get("serieslength", next(iter(lengths))))
        if lengths != {expected}:
            raise RecordingFileError(
                f"{source}: header says equal length {expected}, recordings have {sorted(lengths)}"
            )
    unknown = sorted(set(labels) - set(class_names))
    if unknown:
        raise RecordingFileError(f"{source}: labels {unknown} are not in @classLabel {class_names}")


def read_ts_gz(path: str | Path, expected_sha256: str | None = None) -> TsFile:
    """Read a gzip-compressed ``.ts`` file, checking its sha256 first when one is given."""
    path = Path(path)
    if not path.is_file():
        raise RecordingFileError(f"recording file not found: {path}")
    raw = path.read_bytes()
    found = hashlib.sha256(raw).hexdigest()
    if expected_sha256 is not None and found != expected_sha256:
        raise RecordingFileError(
            f"recording file {path.name} is corrupt: its sha256 is {found}, expected "
            f"{expected_sha256} (reinstall the course, or see data_files/recordings/README.md)"
        )
    try:
        text = gzip.decompress(raw).decode("ascii")
    except (OSError, EOFError, UnicodeDecodeError) as error:
        raise RecordingFileError(f"{path.name} is not gzip-compressed text: {error}") from None
    return parse_ts(text, source=path.name)


def pad_series(series: list[np.ndarray] | tuple[np.ndarray, ...], length: int | None = None,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Stack recordings ``(time_i, channels)``, zero-padded at the end to ``length`` (default:
    the longest); returns float32 ``(samples, length, channels)`` and the int64 lengths."""
    if not series:
        raise ValueError("series must hold at least one recording, got none")
    channels = {s.shape[1] for s in series}
    if len(channels) != 1:
        raise ValueError(f"every recording needs the same number of channels, got {channels}")
    lengths = np.array([len(s) for s in series], dtype=np.int64)
    length = int(lengths.max()) if length is None else length
    if length < lengths.max():
        raise ValueError(f"length must be >= the longest recording, {lengths.max()}; got {length}")
    x = np.zeros((len(series), length, channels.pop()), dtype=np.float32)
    for i, s in enumerate(series):
        x[i, : len(s)] = s
    return x, lengths


@dataclass(frozen=True)
class Recordings:
    """One data set on the archive's fixed train/test split."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    lengths_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    lengths_test: np.ndarray
    class_names: tuple[str, ...]
    channel_names: tuple[str, ...]

    @property
    def variable_length(self) -> bool:
        """True when some recordings are shorter than others (and so padded)."""
        lengths = np.concatenate([self.lengths_train, self.lengths_test])
        return bool(lengths.min() != lengths.max())

    def describe(self) -> str:
        """One line: sizes, shapes, lengths and classes."""
        lengths = np.concatenate([self.lengths_train, self.lengths_test])
        span = f"{lengths.min()} to {lengths.max()}" if self.variable_length else f"{lengths[0]}"
        return (
            f"{self.name}: {len(self.x_train)} train / {len(self.x_test)} test recordings, "
            f"{self.x_train.shape[2]} channels, {span} steps, {len(self.class_names)} classes"
        )


def load_recordings(name: str) -> Recordings:
    """Load ``"BasicMotions"`` or ``"JapaneseVowels"`` on its fixed split, checksums verified.

    Train and test are padded to the same length (the longest recording of either split), so one
    model reads both. A missing or corrupt file raises :class:`RecordingFileError` naming it.
    """
    if name not in DATASETS:
        raise ValueError(f"name must be one of {', '.join(DATASETS)}; got {name!r}")
    parsed = {split: read_ts_gz(DATA_DIR / FILES[name, split][0], FILES[name, split][1])
              for split in SPLITS}
    class_names = parsed["TRAIN"].class_names
    if parsed["TEST"].class_names != class_names:
        raise RecordingFileError(f"{name}: train and test files list different classes")
    length = max(len(s) for split in SPLITS for s in parsed[split].series)
    arrays = {}
    for split in SPLITS:
        x, lengths = pad_series(parsed[split].series, length)
        y = np.array([class_names.index(label) for label in parsed[split].labels], dtype=np.int64)
        arrays[split] = (x, y, lengths)
    return Recordings(name, *arrays["TRAIN"], *arrays["TEST"], class_names, CHANNEL_NAMES[name])


def step_mask(lengths: np.ndarray, time: int) -> np.ndarray:
    """Which steps are real (not padding): bool ``(samples, time)``."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or not np.issubdtype(lengths.dtype, np.integer):
        raise ValueError(f"lengths must be ints (samples,), got {lengths.dtype} {lengths.shape}")
    if lengths.size and (lengths.min() < 1 or lengths.max() > time):
        raise ValueError(
            f"lengths must be between 1 and time={time}, got {lengths.min()} to {lengths.max()}"
        )
    return np.arange(time)[np.newaxis, :] < lengths[:, np.newaxis]


def channel_stats(x: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and std of every channel of ``x`` ``(samples, time, channels)`` over its REAL steps
    (padding excluded): float32 ``(channels,)`` each, std 1 for a constant channel. Compute them
    on the training recordings only, then apply them to every split."""
    if x.ndim != 3:
        raise ValueError(f"x must be (samples, time, channels), got shape {x.shape}")
    real = x[step_mask(lengths, x.shape[1])]  # (real steps, channels)
    if not np.isfinite(real).all():
        raise ValueError(f"x holds {int((~np.isfinite(real)).sum())} NaN or inf values in its "
                         "real steps: fill or drop them before computing statistics")
    mean, std = real.mean(axis=0), real.std(axis=0)
    return mean.astype(np.float32), np.where(std > 0, std, 1.0).astype(np.float32)


def standardise(x: np.ndarray, lengths: np.ndarray, mean: np.ndarray, std: np.ndarray,
                ) -> np.ndarray:
    """``(x - mean) / std`` on the real steps, float32; padded steps stay exactly 0 (masks)."""
    std = np.asarray(std, dtype=np.float64)
    if not (np.isfinite(std).all() and (std > 0).all()):
        raise ValueError(f"std must be finite and > 0 for every channel (channel_stats gives 1 for "
                         f"a constant one), got {np.array2string(std, precision=3)}")
    mask = step_mask(lengths, x.shape[1])[..., np.newaxis]
    return np.where(mask, (x - mean) / std, 0.0).astype(np.float32)
