"""Bad input: one line on stderr naming the file and the reason, exit code 2, no traceback."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import GOLDEN_PDF


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractor.cli", *args], capture_output=True, text=True, timeout=120)


def assert_one_line_error(proc: subprocess.CompletedProcess, path, reason: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert str(path) in lines[0] and reason in lines[0].lower(), lines[0]


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory):
    from helpers.pdfgen import encrypted_pdf, image_only_pdf, text_pdf

    d = tmp_path_factory.mktemp("bad")
    (d / "empty.pdf").write_bytes(b"")
    (d / "notapdf.pdf").write_bytes(b"<html><body>hello</body></html>")
    good = text_pdf(d / "good.pdf", [[(50, 300, f"Un texte de test sur la page {i}.")] for i in range(3)])
    data = good.read_bytes()
    (d / "truncated.pdf").write_bytes(data[: len(data) // 3])
    encrypted_pdf(good, d / "encrypted.pdf")
    image_only_pdf(d / "scanned.pdf")
    (d / "emptydir").mkdir()
    return d


@pytest.mark.parametrize("name, reason", [
    ("missing.pdf", "no such file"),
    ("empty.pdf", "empty file"),
    ("notapdf.pdf", "not a pdf"),
    ("truncated.pdf", "pdf"),
    ("encrypted.pdf", "password"),
    ("scanned.pdf", "ocr is not supported"),
    ("emptydir", "directory"),
])
def test_text_command_bad_input(bad_files, name, reason):
    path = bad_files / name
    assert_one_line_error(run_cli("text", str(path)), path, reason)


def test_encrypted_pdf_opens_with_password(bad_files):
    proc = run_cli("text", str(bad_files / "encrypted.pdf"), "--password", "secret")
    assert proc.returncode == 0 and "Un texte de test" in proc.stdout


def test_text_command_page_range():
    proc = run_cli("text", str(GOLDEN_PDF), "--pages", "7")
    assert proc.returncode == 0
    assert "14-18 OCTOBRE" in proc.stdout and "Ce chantier" not in proc.stdout


def test_bad_page_range_is_a_usage_error():
    proc = run_cli("text", str(GOLDEN_PDF), "--pages", "5-2")
    assert proc.returncode == 2 and "bad page range" in proc.stderr and "Traceback" not in proc.stderr


def test_help_does_not_import_spacy():
    code = "import sys; from extractor import cli; cli.build_parser(); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    assert out == "False"
