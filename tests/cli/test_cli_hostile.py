"""Every command fails in one line with exit 2, under time and memory limits, and prints no
control character it was given (issue 24, items 6-8, 12, 14)."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest

from extractor import cli
from extractor.review.site import MAX_SIDE_PX, page_scale

from helpers import ROOT, hostile


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def assert_one_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.startswith("extractor: error: ")
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize("command", [["timeline"], ["review", "--out", "{tmp}/site"], ["glossary", "--out", "{tmp}/g.csv"],
                                     ["check"], ["regress", "--golden", "corpus/cnaf-2019/expected"]])
@pytest.mark.parametrize("target, reason", [("missing.pdf", "no such file"), ("", "is a directory"),
                                            ("missing.json", "no such file"), ("folder.json", "is a directory"),
                                            ("broken.json", "not an extraction JSON")])
def test_a_missing_file_or_a_folder_is_one_line(tmp_path, capsys, command, target, reason):
    """In-process (``cli.main``), as the console script calls it; the subprocess case is
    ``test_a_fifo_is_refused_at_once``."""
    (tmp_path / "folder.json").mkdir()
    (tmp_path / "broken.json").write_text("[1, 2")
    path = str(tmp_path / target) if target else str(tmp_path)
    args = [a.format(tmp=tmp_path) for a in command]
    code = cli.main([args[0], path, *args[1:]])
    assert_one_line(subprocess.CompletedProcess([], code, "", capsys.readouterr().err), path.rstrip("/"), reason)


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    started = time.monotonic()
    assert_one_line(run_cli("text", str(fifo), timeout=30), str(fifo), "not a regular file (a FIFO)")
    assert time.monotonic() - started < 20


@pytest.mark.slow  # runs to a time limit: seconds, kept out of the quick subset
def test_a_page_repeating_one_stream_is_stopped_by_the_time_limit(tmp_path):
    pdf = tmp_path / "repeat.pdf"
    pdf.write_bytes(hostile.repeated_content(4000))  # 30 KB, 20 M glyphs
    started = time.monotonic()
    proc = run_cli("text", str(pdf), "--timeout", "2")
    assert_one_line(proc, f"{pdf}: exceeded the 2 s time limit")
    assert time.monotonic() - started < 30


def test_the_memory_limit_applies_to_one_file_commands(monkeypatch, capsys):
    """The command runs with its address space capped, and a MemoryError is one line; the
    caller's limit is given back (here: pytest's). A subprocess test would measure the
    libraries instead: pdfium aborts and OpenBLAS loops when an allocation fails."""
    seen = []

    def exhausting(args):
        seen.append(resource.getrlimit(resource.RLIMIT_AS)[0])
        raise MemoryError

    before = resource.getrlimit(resource.RLIMIT_AS)
    monkeypatch.setattr(cli, "cmd_check", exhausting)
    assert cli.main(["check", "report.pdf", "--memory-limit", "3000"]) == 2
    assert seen == [3000 << 20] and resource.getrlimit(resource.RLIMIT_AS) == before
    assert capsys.readouterr().err == "extractor: error: report.pdf: exceeded the 3000 MiB memory limit\n"


@pytest.mark.slow
def test_a_lone_surrogate_reaches_no_encoder(tmp_path):
    pdf = tmp_path / "lone.pdf"
    pdf.write_bytes(hostile.lone_surrogate_pdf())
    text = run_cli("text", str(pdf))
    assert text.returncode == 0 and "\ufffd" in text.stdout, text.stderr
    check = run_cli("check", str(pdf))
    assert check.returncode in (0, 1) and "Traceback" not in check.stderr, check.stderr


@pytest.mark.parametrize("box", [b"[0 0 0.01 842]", b"[0 0 14400 14400000]", b"[0 0 0 0]"])
def test_a_degenerate_page_box_renders_a_bounded_image(box):
    width, height = [float(v) for v in box.strip(b"[]").split()[2:]]
    scale = page_scale(width, height)
    assert max(width, 1) * scale <= MAX_SIDE_PX + 1e-6 and max(height, 1) * scale <= MAX_SIDE_PX + 1e-6
    assert page_scale(595, 842) == 1000 / 595  # an ordinary page is as wide as before


@pytest.mark.slow
def test_review_of_a_degenerate_page_box_is_a_site(tmp_path):
    pdf = tmp_path / "thin.pdf"
    pdf.write_bytes(hostile.page_box_pdf(b"[0 0 0.01 842]"))
    proc = run_cli("review", str(pdf), "--out", str(tmp_path / "site"), "--memory-limit", "1500")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "pages" / "p1.png").is_file()


@pytest.mark.slow
def test_a_file_name_with_escapes_does_not_reach_the_terminal(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "esc\x1b[31mRED\x1b[0m.pdf").write_bytes(b"<html>not a pdf</html>")
    proc = run_cli("extract", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert proc.returncode == 2
    assert "\x1b" not in proc.stderr and "esc\\x1b[31mRED\\x1b[0m.pdf" in proc.stderr
    missing = run_cli("text", str(tmp_path / "bell\x07.pdf"))
    assert_one_line(missing, "bell\\x07.pdf")
    assert "\x07" not in missing.stderr
