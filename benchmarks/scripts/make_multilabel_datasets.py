#!/usr/bin/python3
"""Writes multi-label datasets built from shared single-label ones, to measure multi-label training (session 21).

Each row of a shared set's train.tsv (test.tsv) becomes one row here: its text joined with 0 to 2 other random texts of
the same file, and the set of their labels joined by '|'. The shared sets have no multi-label data; this gives label
sets of one to three labels with the shared sets' own label frequencies. Also writes `many`: 1,000 labels, two training
rows and one test row each, every text two of its label's three keywords among six random words, 30 % of rows carrying
a second label's keywords too (labels with one or two held-out positives).
The output goes to a folder you name, outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_multilabel_datasets.py SHARED_DATASETS_DIR OUTPUT_DIR
Then, per set:  textclf train OUTPUT_DIR/S/train.tsv --test OUTPUT_DIR/S/test.tsv --multi-label-delimiter '|' \\
                    -o /tmp/bundle --metrics-json /tmp/S.json
"""
import os
import random
import sys


def rows(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        header = [name.strip().lower() for name in handle.readline().rstrip("\n").split("\t")]
        text_column, label_column = header.index("text"), header.index("label")
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) > max(text_column, label_column):
                yield parts[text_column], parts[label_column]


def joined(source, target, seed, most=3):
    rng = random.Random(seed)
    data = list(rows(source))
    with open(target, "w", encoding="utf-8", newline="\n") as out:
        out.write("text\tlabel\n")
        for row in data:
            picked = [row] + [rng.choice(data) for _ in range(rng.randrange(most))]
            labels = sorted({label for _, label in picked})
            out.write(" ".join(text for text, _ in picked) + "\t" + "|".join(labels) + "\n")


def many(folder, seed=3):
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(5000)]
    keys = {label: rng.sample(words, 3) for label in range(1000)}
    for split, per_label in (("train", 2), ("test", 1)):
        with open(os.path.join(folder, f"{split}.tsv"), "w", encoding="utf-8", newline="\n") as out:
            out.write("text\tlabel\n")
            for label in range(1000):
                for _ in range(per_label):
                    labels = sorted({label} | ({rng.randrange(1000)} if rng.random() < 0.3 else set()))
                    tokens = [word for each in labels for word in rng.sample(keys[each], 2)] + rng.sample(words, 6)
                    rng.shuffle(tokens)
                    out.write(" ".join(tokens) + "\t" + "|".join(f"L{each}" for each in labels) + "\n")


def main():
    shared, output = sys.argv[1], sys.argv[2]
    for name in ("banking77", "atis", "ag_news", "trec6"):
        folder = os.path.join(output, name)
        os.makedirs(folder, exist_ok=True)
        joined(os.path.join(shared, name, "train.tsv"), os.path.join(folder, "train.tsv"), seed=1)
        joined(os.path.join(shared, name, "test.tsv"), os.path.join(folder, "test.tsv"), seed=2)
    os.makedirs(os.path.join(output, "many"), exist_ok=True)
    many(os.path.join(output, "many"))


if __name__ == "__main__":
    main()
