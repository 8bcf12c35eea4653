from codebooks.bm25 import BM25, tokenize, top_per_row


def test_tokenize_drops_function_words_and_folds_plurals():
    # 'with' is kept on purpose: ICD titles hinge on it ("... with hyperglycemia")
    assert tokenize("Fractures of the Kidneys with injuries") == ("fracture", "kidney", "with", "injury")
    assert tokenize("Disorders of the eye and the ears") == ("disorder", "eye", "ear")


def test_bm25_ranks_the_document_sharing_rare_terms_first():
    docs = ["acute appendicitis", "chronic kidney disease", "kidney stone", "acute kidney failure"]
    model = BM25().fit(docs)
    [(ids, scores)] = top_per_row(model.scores(["kidney stones"]), depth=3)
    assert ids[0] == 2 and list(scores) == sorted(scores, reverse=True)
    [(ids, _)] = top_per_row(model.scores(["unrelated words"]), depth=3)
    assert len(ids) == 0


def test_bm25_round_trip(tmp_path):
    model = BM25().fit(["acute appendicitis", "kidney stone"])
    model.save(tmp_path / "lex")
    again = BM25.load(tmp_path / "lex")
    assert (again.scores(["stone"]) != model.scores(["stone"])).nnz == 0
