"""course_utils.data: the embedded MNIST sample, the offline path of load_mnist, prepare_images."""

import os
import shutil
import socket
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from course_utils import data
from course_utils.session import import_keras

#: Digits per class in the MNIST test split, 0 to 9 (the canonical counts).
SAMPLE_LABEL_COUNTS = (980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009)


@pytest.fixture(scope="module")
def sample():
    return data.load_mnist("sample", verbose=False)


def test_sample_is_the_real_test_split(sample):
    (x_train, y_train), (x_test, y_test) = sample
    assert x_train.shape == (8000, 28, 28) and x_test.shape == (2000, 28, 28)
    assert x_train.dtype == np.uint8 and y_train.dtype == np.uint8
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=10)
    assert tuple(counts) == SAMPLE_LABEL_COUNTS
    assert counts.sum() == 10_000


def test_sample_split_is_stratified_disjoint_and_seeded(sample):
    (_x_train, y_train), (x_test, y_test) = sample
    share = np.bincount(y_test, minlength=10) / len(y_test)
    expected = np.array(SAMPLE_LABEL_COUNTS) / 10_000
    assert np.abs(share - expected).max() < 0.001
    train_index, test_index = data.stratified_split(
        np.concatenate([y_train, y_test]), test_size=2000
    )
    assert not set(train_index) & set(test_index)
    again = data.load_mnist("sample", verbose=False)
    np.testing.assert_array_equal(again[1][0], x_test)


def test_stratified_split_sizes_add_up():
    y = np.repeat(np.arange(3), [5, 7, 11])
    train, test = data.stratified_split(y, test_size=6, seed=1)
    assert len(test) == 6 and len(train) == 17
    assert sorted(np.concatenate([train, test])) == list(range(23))


@pytest.mark.parametrize("test_size", [0, 23, -3])
def test_stratified_split_rejects_bad_size(test_size):
    with pytest.raises(ValueError, match="test_size"):
        data.stratified_split(np.zeros(23, dtype=int), test_size=test_size)


def test_auto_in_quick_mode_uses_the_sample_without_network(monkeypatch, capsys):
    def no_network(*args, **kwargs):
        raise AssertionError("quick mode must not touch the network")

    monkeypatch.setattr(data, "_can_reach", no_network)
    (x_train, _), (x_test, _) = data.load_mnist("auto")
    assert len(x_train) + len(x_test) == 10_000
    assert "embedded sample" in capsys.readouterr().out


def test_auto_offline_falls_back_to_sample(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_QUICK", "0")
    monkeypatch.setattr(data, "_KERAS_CACHE", tmp_path / "absent.npz")
    monkeypatch.setattr(data, "_can_reach", lambda host, **kw: False)
    assert data.resolve_mnist_source("auto") == "sample"


def test_auto_online_chooses_full(monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_QUICK", "0")
    monkeypatch.setattr(data, "_KERAS_CACHE", tmp_path / "absent.npz")
    monkeypatch.setattr(data, "_can_reach", lambda host, **kw: True)
    assert data.resolve_mnist_source("auto") == "full"


def test_unreachable_host_probe_returns_quickly():
    assert data._can_reach("host.invalid", timeout=1.0) is False


def test_unknown_source_lists_the_choices():
    with pytest.raises(ValueError, match="auto, full, sample"):
        data.load_mnist("kaggle")


def _copy_sample(tmp_path):
    folder = tmp_path / "mnist"
    shutil.copytree(data.SAMPLE_DIR, folder)
    return folder


def test_missing_sample_file_is_named(monkeypatch, tmp_path):
    folder = _copy_sample(tmp_path)
    (folder / "t10k-labels-idx1-ubyte.gz").unlink()
    monkeypatch.setattr(data, "SAMPLE_DIR", folder)
    with pytest.raises(data.MnistFileError, match="t10k-labels-idx1-ubyte.gz"):
        data.load_mnist("sample")


def test_corrupt_sample_file_is_named(monkeypatch, tmp_path):
    folder = _copy_sample(tmp_path)
    path = folder / "t10k-images-idx3-ubyte.gz"
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    monkeypatch.setattr(data, "SAMPLE_DIR", folder)
    with pytest.raises(data.MnistFileError, match="t10k-images-idx3-ubyte.gz is corrupt"):
        data.load_mnist("sample")


def test_read_idx_rejects_wrong_kind():
    path = data.SAMPLE_DIR / data.SAMPLE_FILES["labels"][0]
    with pytest.raises(data.MnistFileError, match="no IDX images header"):
        data.read_idx(path, "images")
    with pytest.raises(ValueError, match="kind"):
        data.read_idx(path, "pixels")


def test_prepare_images(sample):
    (x_train, _), _ = sample
    x = data.prepare_images(x_train[:5])
    assert x.shape == (5, 28, 28, 1) and x.dtype == np.float32
    assert x.min() == 0.0 and x.max() == 1.0


def test_prepare_images_rejects_bad_input():
    with pytest.raises(ValueError, match=r"\(samples, rows, cols\)"):
        data.prepare_images(np.zeros((5, 28, 28, 1), dtype=np.uint8))
    with pytest.raises(TypeError, match="uint8"):
        data.prepare_images(np.zeros((5, 28, 28), dtype=np.float32))


# --------------------------------------------------------------------------- offline: no hang
# With no network, load_mnist("auto") must fall back to the embedded sample, say so, and wait no
# longer than data.PROBE_TIMEOUT_SECONDS, whatever way the network fails.


@pytest.fixture
def full_mode_without_cache(monkeypatch, tmp_path):
    """Full mode (where "auto" probes the network), no cached download, no real download."""
    monkeypatch.setenv("COURSE_QUICK", "0")
    monkeypatch.setattr(data, "_KERAS_CACHE", tmp_path / "absent.npz")

    def no_download():
        raise AssertionError("the probe failed: nothing may be downloaded")

    monkeypatch.setattr(data, "_download_full_mnist", no_download)


@pytest.fixture
def released():
    """An event that lets hanging fakes return when the test ends (no thread left blocked)."""
    event = threading.Event()
    yield event
    event.set()


@pytest.mark.parametrize("failure", ["refused", "connect hangs", "DNS hangs"])
def test_probe_failure_falls_back_to_the_sample_within_the_timeout(
    failure, monkeypatch, capsys, full_mode_without_cache, released
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no network")

    def hang(*args, **kwargs):
        released.wait(60)  # far beyond the probe's timeout
        raise OSError("released")

    if failure == "refused":
        monkeypatch.setattr(socket, "create_connection", refuse)
    elif failure == "connect hangs":
        monkeypatch.setattr(socket, "create_connection", hang)
    else:  # the real create_connection, stuck in name resolution
        monkeypatch.setattr(socket, "getaddrinfo", hang)
    start = time.perf_counter()
    (x_train, _), (x_test, _) = data.load_mnist("auto")
    seconds = time.perf_counter() - start
    assert len(x_train) + len(x_test) == 10_000  # the embedded sample
    out = capsys.readouterr().out
    assert f"did not answer within {data.PROBE_TIMEOUT_SECONDS:g} s" in out
    assert "MNIST source: embedded sample" in out
    # the probe's timeout, plus reading and checking the embedded files (well under a second)
    assert seconds < data.PROBE_TIMEOUT_SECONDS + 3.0


def test_probe_timeout_is_short_and_bounds_the_probe(monkeypatch, released):
    assert 0 < data.PROBE_TIMEOUT_SECONDS <= 3

    def hang(*args, **kwargs):
        released.wait(60)
        raise OSError("released")

    monkeypatch.setattr(socket, "create_connection", hang)
    start = time.perf_counter()
    assert data._can_reach("example.org", timeout=0.5) is False
    assert time.perf_counter() - start < 0.5 + 1.0


def test_stalled_download_gives_up_and_falls_back(monkeypatch, capsys, tmp_path):
    keras = import_keras()
    monkeypatch.setenv("COURSE_QUICK", "0")
    monkeypatch.setattr(data, "_KERAS_CACHE", tmp_path / "absent.npz")
    monkeypatch.setattr(data, "_can_reach", lambda host, **kwargs: True)  # the probe passes
    seen = []

    def stalled_download():
        seen.append(socket.getdefaulttimeout())  # what urllib's socket would wait for data
        raise TimeoutError("timed out")

    monkeypatch.setattr(keras.datasets.mnist, "load_data", stalled_download)
    before = socket.getdefaulttimeout()
    (x_train, _), _ = data.load_mnist("auto")
    assert seen == [data.DOWNLOAD_STALL_TIMEOUT_SECONDS]
    assert socket.getdefaulttimeout() == before  # restored
    assert len(x_train) == 8000
    out = capsys.readouterr().out
    assert "Full MNIST could not be loaded (TimeoutError); using the sample." in out
    with pytest.raises(TimeoutError):  # asked for full MNIST explicitly: no silent fallback
        data.load_mnist("full")


_IMPORT_EVERYTHING = """
import importlib, pkgutil, sys
network = []
def hook(event, args):
    if event in {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                 "socket.gethostbyname_ex", "socket.gethostbyaddr", "socket.sendto",
                 "socket.sendmsg", "urllib.Request"}:
        network.append(f"{event} {args!r:.100}")
sys.addaudithook(hook)
import course_utils
names = [m.name for m in pkgutil.walk_packages(course_utils.__path__, "course_utils.")]
for name in names:
    importlib.import_module(name)
print(len(names), "modules imported;", len(network), "network events")
for line in network:
    print(line)
import socket
socket.getaddrinfo("localhost", None)  # the hook must see this one: proof that it listens
print("hook saw the check:", any("localhost" in line for line in network))
"""


def test_importing_every_module_touches_no_network():
    # A fresh interpreter (an audit hook cannot be removed), quick mode unset: a full-mode import.
    env = {k: v for k, v in os.environ.items() if k != "COURSE_QUICK"}
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EVERYTHING],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0].endswith("modules imported; 0 network events"), done.stdout
    assert int(lines[0].split()[0]) >= 20  # every module, not an empty walk
    assert lines[-1] == "hook saw the check: True"
