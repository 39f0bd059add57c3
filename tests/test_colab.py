"""tools.colab: one place for the repository address; notebooks' first cells follow it."""

import json
import subprocess
import sys
import types

import nbformat
import pytest

from tools import colab


def _notebook(path, first_code="print('old')"):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(colab.BADGE_MARKER + "\nold badges"),
        nbformat.v4.new_code_cell(first_code),
        nbformat.v4.new_code_cell("x = 1"),
    ]
    nbformat.write(nb, str(path))


def test_install_cell_is_colab_only_and_pinned():
    source = colab.install_cell_source()
    assert 'if "google.colab" in sys.modules:' in source
    assert f"@{colab.RELEASE}" in source and colab.REPOSITORY in source
    assert "tensorflow" not in source.lower()
    assert "main" not in colab.package_url().split("@")[-1]  # never a moving branch
    assert "%pip" not in source and "--upgrade" not in source and "-U" not in source.split()
    compile(source, "<install cell>", "exec")  # plain Python: no IPython magic


def test_install_cell_does_nothing_outside_colab(monkeypatch):
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)

    def no_run(*args, **kwargs):
        raise AssertionError("the install cell ran pip outside Colab")

    monkeypatch.setattr(subprocess, "run", no_run)
    exec(colab.install_cell_source(), {})


@pytest.fixture
def on_colab(monkeypatch):
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))


@pytest.mark.parametrize(
    "url",
    ["course-utils @ file:///nonexistent/course", "course-utils @ git+file:///nonexistent/repo@v9.9.9"],
)
def test_install_cell_failure_is_one_clear_line(on_colab, url):
    """A release pip cannot install stops the cell with one line, not pip's output.

    The line quotes pip's first error line, whose wording depends on pip's version (pip 23 and
    pip 25 fail these two addresses at different stages): only its form is checked.
    """
    with pytest.raises(RuntimeError) as raised:
        exec(colab.install_cell_source(url), {})
    message = str(raised.value)
    assert message.startswith(f"pip could not install {url} (")
    quoted = message[len(f"pip could not install {url} (") :].split(")")[0]
    assert quoted.lower().startswith(("error", "fatal")), quoted  # pip's own first error line
    assert "run this cell again" in message
    assert "\n" not in message and "Traceback" not in message
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_install_cell_prints_what_pip_installed(on_colab, monkeypatch, capsys):
    seen = {}

    def fake_run(args, **kwargs):
        seen["args"] = args
        out = "Collecting course-utils\nSuccessfully installed course-utils-0.1.0\n"
        return subprocess.CompletedProcess(args, 0, stdout=out, stderr="")

    monkeypatch.setattr(subprocess, "run", fake_run)
    exec(colab.install_cell_source(), {})
    assert seen["args"] == [sys.executable, "-m", "pip", "install", colab.package_url()]
    assert capsys.readouterr().out == "Successfully installed course-utils-0.1.0\n"


def test_urls_point_at_the_pinned_release():
    assert colab.colab_url("01_x.ipynb").endswith(
        f"{colab.REPOSITORY}/blob/{colab.RELEASE}/notebooks/01_x.ipynb"
    )
    assert colab.github_url("01_x.ipynb").startswith(f"https://github.com/{colab.REPOSITORY}/")


def test_sync_rewrites_first_cells_once(tmp_path, monkeypatch):
    path = tmp_path / "00_intro.ipynb"
    _notebook(path)
    assert colab.sync_notebook(path)
    nb = json.loads(path.read_text())
    assert "".join(nb["cells"][1]["source"]) == colab.install_cell_source()
    assert colab.NBVAL_SKIP_TAG in nb["cells"][1]["metadata"]["tags"]
    assert "00_intro.ipynb" in "".join(nb["cells"][0]["source"])
    assert "".join(nb["cells"][2]["source"]) == "x = 1"
    assert not colab.sync_notebook(path)  # idempotent
    monkeypatch.setattr(colab, "REPOSITORY", "someone/fork")
    assert colab.sync_notebook(path)
    assert "someone/fork" in path.read_text()


def test_every_course_notebook_is_in_sync():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for path in sorted(folder.glob("*.ipynb")):
        before = path.read_text(encoding="utf-8")
        nb = json.loads(before)
        install = next(c for c in nb["cells"] if c["cell_type"] == "code")
        assert "".join(install["source"]) == colab.install_cell_source(), path.name


def test_every_dependency_lower_bound_is_met_by_colab():
    """pip on Colab installs the course package alone only if Colab already meets every bound."""
    import re
    import tomllib  # the README names Python 3.11 and newer
    from pathlib import Path

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    root = Path(__file__).resolve().parents[1]
    colab_versions = {}
    for line in (root / ".ci" / "colab-constraints.txt").read_text().splitlines():
        if re.match(r"^[A-Za-z0-9]", line):
            name, version = line.split("==")
            colab_versions[canonicalize_name(name)] = version
    assert colab_versions["ipython"] == "7.34.0"  # the version that ipython>=8.0 replaced
    declared = tomllib.loads((root / "pyproject.toml").read_text())["project"]["dependencies"]
    assert len(declared) >= 7
    for text in declared:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in colab_versions, f"{name} is not on Colab: pip would install it"
        assert requirement.specifier.contains(colab_versions[name]), (
            f"{text} is not met by Colab's {name} {colab_versions[name]}: pip would upgrade it"
        )
