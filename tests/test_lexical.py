"""BM25 is built by bm25s and scored with numpy from its saved arrays: both must give the same scores."""

from __future__ import annotations

import numpy as np

from assistant.lexical import Bm25Scores, LexicalIndex


def test_numpy_scores_equal_bm25s_scores(tmp_path):
    passages = ["Lunds kommun har en stödlinje och sms.", "Malmö har affischer i tvättstugor.",
                "Gotland lånar ut Ipads till äldre.", "Piteå har kodord på apoteken och sms."]
    lexical = LexicalIndex.build(passages)
    lexical.save(tmp_path)
    loaded = Bm25Scores.load(tmp_path)
    for query in (["sms"], ["sms", "affisch"], ["äldr", "ipad", "okänt-ord"], []):
        ours = loaded.scores(query)
        known = [t for t in query if t in lexical._model.vocab_dict]
        theirs = lexical._model.get_scores(known) if known else np.zeros(len(passages))
        assert np.allclose(ours, theirs), query
    assert loaded.scores(["sms"]).argmax() in (0, 3) and loaded.scores(["sms"])[1] == 0


def test_damaged_arrays_are_refused(tmp_path):
    lexical = LexicalIndex.build(["en text om sms", "en annan text"])
    lexical.save(tmp_path)
    (tmp_path / "indptr.csc.index.npy").write_bytes((tmp_path / "indptr.csc.index.npy").read_bytes()[:60])
    try:
        Bm25Scores.load(tmp_path)
    except (ValueError, OSError, EOFError):
        return
    raise AssertionError("a truncated index file was read as if whole")
