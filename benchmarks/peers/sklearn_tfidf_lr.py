#!/usr/bin/python3
"""scikit-learn peer for the dataset comparison (issue #8).

Fits TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True) + LogisticRegression(C=10, max_iter=1000) on a train TSV
and predicts a test TSV. Both files are tab-separated with a header line naming a `label` and a `text` column; the
comparison (`dotnet run ... -- compare`) writes them from the rows our DatasetReader parsed, so every peer sees the same
texts. Labels come escaped (a backslash, tab, CR and LF as \\\\, \\t, \\r and \\n) and are read back exactly.

Prints one JSON object on stdout:
  {"trainSeconds": fit time of vectorizer + classifier,
   "predictSeconds": one batch transform + predict of all test texts,
   "predictions": [predicted label of each test row, in order],
   with --probabilities also "classes": [the label of each column] and "probabilities": [[predict_proba of each test
   row, one value per class, 7 significant digits]], computed after the timed predict}
Metrics are computed by the C# side with the same MetricsCalculator for every peer.

Usage: /usr/bin/python3 sklearn_tfidf_lr.py TRAIN.tsv TEST.tsv [--seed N] [--probabilities]
"""
import json
import re
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression


ESCAPES = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n"}


def unescape_label(label):
    """The label as the comparison wrote it: \\\\, \\t, \\r and \\n back to a backslash, tab, CR and LF."""
    return re.sub(r"\\(.)", lambda match: ESCAPES[match.group(1)], label)


def read_tsv(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        label_column = [name.strip().lower() for name in header].index("label")
        text_column = [name.strip().lower() for name in header].index("text")
        labels, texts = [], []
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            labels.append(unescape_label(fields[label_column]))
            texts.append(fields[text_column])
    return labels, texts


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 42
    train_labels, train_texts = read_tsv(argv[1])
    _, test_texts = read_tsv(argv[2])

    start = time.perf_counter()
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    features = vectorizer.fit_transform(train_texts)
    classifier = LogisticRegression(C=10, max_iter=1000, random_state=seed)
    classifier.fit(features, train_labels)
    train_seconds = time.perf_counter() - start

    start = time.perf_counter()
    predictions = classifier.predict(vectorizer.transform(test_texts))
    predict_seconds = time.perf_counter() - start

    result = {
        "trainSeconds": train_seconds,
        "predictSeconds": predict_seconds,
        "predictions": [str(label) for label in predictions],
    }
    if "--probabilities" in argv:
        result["classes"] = [str(label) for label in classifier.classes_]
        result["probabilities"] = [
            [float(f"{p:.7g}") for p in row] for row in classifier.predict_proba(vectorizer.transform(test_texts))
        ]
    json.dump(
        result,
        sys.stdout,
        ensure_ascii=False,
    )
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
