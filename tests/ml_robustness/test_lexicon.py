"""The recommender's lexicon on corpora a small or odd data set gives: never a crash."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from talentmatch.recommending.lexical import Lexicon, lexical_scores


def test_documents_that_share_no_word_keep_their_words() -> None:
    documents = ["alfa beta", "gama delta", "epsilon zeta", "eta teta", "iota capa"]
    lexicon, weights = Lexicon.fit_transform(documents)
    assert {"alfa", "capa"} <= set(lexicon.vocabulary)
    query = lexicon.transform(["gama"])
    scores = lexical_scores(sp.csc_matrix(weights), query)
    assert int(np.argmax(scores[0])) == 1


def test_texts_without_any_word_give_an_empty_lexicon_that_scores_zero() -> None:
    lexicon, weights = Lexicon.fit_transform(["!!!", "???", "", "--", "..."])
    assert lexicon.vocabulary == {} and weights.shape == (5, 0)
    scores = lexical_scores(sp.csc_matrix(weights), lexicon.transform(["Python"]))
    assert scores.shape == (1, 5) and not scores.any()
    assert Lexicon.from_bytes(lexicon.to_bytes()).vocabulary == {}
