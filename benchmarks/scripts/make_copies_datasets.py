#!/usr/bin/python3
"""Writes datasets that carry copies of texts, and large synthetic ones without, to measure how training copes (session 13).

  mixed4x3/   every train row of mixed4 (make_mixed_datasets.py) three times, shuffled; mixed4's test.tsv.
  hate_over/  hate_speech with its smaller labels oversampled by copying rows (each copied up to 5 times in all, never
  sms_over/   past the largest label's count), shuffled, as users often balance data; sms_spam likewise. Test sets as given.
  synth150k/  8 labels of very different sizes, texts of 4-40 pseudo-words drawn from a Zipf background over 40k words
  synth450k/  mixed with a Zipf over each label's own 3k words (12 %): no copies, for scaling alone; 20k test rows each.
The output goes to a folder you name, outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_copies_datasets.py SHARED_DATASETS_DIR MIXED_DIR OUTPUT_DIR
       (MIXED_DIR is make_mixed_datasets.py's output folder)
Then:  TEXTCLASSIFICATION_DATASETS=OUTPUT_DIR dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- \
           compare --peers ours,mlnet mixed4x3 hate_over sms_over synth150k synth450k
"""
import bisect
import itertools
import os
import random
import shutil
import sys
from collections import Counter


def read(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        lines = handle.read().splitlines()
    return lines[0], lines[1:]


def write(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(header + "\n")
        for row in rows:
            handle.write(row + "\n")


def copies(mixed, target):
    header, rows = read(os.path.join(mixed, "mixed4", "train.tsv"))
    tripled = rows * 3
    random.Random(3).shuffle(tripled)
    write(os.path.join(target, "mixed4x3", "train.tsv"), header, tripled)
    shutil.copy(os.path.join(mixed, "mixed4", "test.tsv"), os.path.join(target, "mixed4x3", "test.tsv"))


def oversampled(shared, target):
    for name, source in (("hate_over", "hate_speech"), ("sms_over", "sms_spam")):
        header, rows = read(os.path.join(shared, source, "train.tsv"))
        label = header.split("\t").index("label")
        counts = Counter(row.split("\t")[label] for row in rows)
        largest = max(counts.values())
        out = list(rows)
        for row in rows:
            out += [row] * (min(5, largest // counts[row.split("\t")[label]]) - 1)
        random.Random(3).shuffle(out)
        write(os.path.join(target, name, "train.tsv"), header, out)
        shutil.copy(os.path.join(shared, source, "test.tsv"), os.path.join(target, name, "test.tsv"))


def synthetic(target, name, train_rows):
    rng = random.Random(7)
    syllables = ["ka", "to", "ri", "men", "sa", "lo", "pe", "dra", "vin", "que", "zu", "bel", "tor", "ex", "an", "mi",
                 "gor", "ul", "fe", "sta"]
    vocabulary, seen = [], set()
    while len(vocabulary) < 40000:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
        if word not in seen:
            seen.add(word)
            vocabulary.append(word)

    def zipf(n, s):
        return list(itertools.accumulate(1 / (k + 1) ** s for k in range(n)))

    def draw(cdf):
        return bisect.bisect_left(cdf, rng.random() * cdf[-1])

    background = zipf(len(vocabulary), 1.07)
    labels = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    topics = {label: (rng.sample(range(2000, 40000), 3000), zipf(3000, 1.0)) for label in labels}

    def text(label):
        words, cdf = topics[label]
        return " ".join(vocabulary[words[draw(cdf)]] if rng.random() < 0.12 else vocabulary[draw(background)]
                        for _ in range(rng.randint(4, 40)))

    for split, count in (("train", train_rows), ("test", 20000)):
        rows = []
        for _ in range(count):
            label = labels[min(7, int(rng.expovariate(0.5)))]
            rows.append(label + "\t" + text(label))
        write(os.path.join(target, name, split + ".tsv"), "label\ttext", rows)


def main(shared, mixed, target):
    copies(mixed, target)
    oversampled(shared, target)
    synthetic(target, "synth150k", 150000)
    synthetic(target, "synth450k", 450000)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
