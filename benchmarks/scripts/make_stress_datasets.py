#!/usr/bin/python3
"""Writes datasets built from the shared ones that stress what the shared ones do not (session 18).

  manylabels/              atis, banking77, snips, trec6 and stackoverflow together, each label prefixed with its
                           dataset's name ("banking77.card_arrival"): 128 labels, 45,517 training rows, 11,171 test rows.
  noisy_<dataset>/         the training rows of trec6, sst2, banking77, sms_spam, discord_conversations and stackoverflow
                           with 20 % of their labels replaced by one drawn uniformly from the dataset's labels (random
                           seed 7, so the same rows every time); test.tsv is the original one.
  needle<W>_<N>/           synthetic (session 19): five labels, N training and 30 test texts per label, each text W
                           random letter strings from a 5,000-string vocabulary with its label's keyword ("kw0" plus four
                           of x, y, z) at a random place, so the keyword alone decides the label; W in 30, 100, 300 and
                           N in 104, 300 (random seed 42).
  keyword_one_char/        as needle100 with 100 training and 20 test texts per label, but the keywords are "keyword0"
                           to "keyword4": they differ in one char, so they share most of their char n-grams.
The output goes to a folder you name, outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_stress_datasets.py SHARED_DATASETS_DIR OUTPUT_DIR
Then:  TEXTCLASSIFICATION_DATASETS=OUTPUT_DIR dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- \\
           compare manylabels noisy_trec6 noisy_sst2 noisy_banking77 noisy_sms_spam noisy_discord_conversations noisy_stackoverflow
       and    compare needle30_104 needle30_300 needle100_104 needle100_300 needle300_104 needle300_300 keyword_one_char
"""
import os
import random
import shutil
import sys

MANY = ("atis", "banking77", "snips", "trec6", "stackoverflow")
NOISY = ("trec6", "sst2", "banking77", "sms_spam", "discord_conversations", "stackoverflow")
NOISE = 0.2


def rows(path):
    """(label, text) of each row with both, and the header line."""
    with open(path, encoding="utf-8", newline="\n") as handle:
        header = handle.readline()
        names = [name.strip().lower() for name in header.rstrip("\n").split("\t")]
        text, label = names.index("text"), names.index("label")
        found = []
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > max(text, label) and cells[text]:
                found.append((cells[label], cells[text]))
        return found


def write(folder, split, table):
    with open(os.path.join(folder, split + ".tsv"), "w", encoding="utf-8", newline="\n") as out:
        out.write("label\ttext\n")
        for label, text in table:
            out.write(f"{label}\t{text}\n")


def needle(target, name, words, per_label, test_per_label, keyword, seed):
    """Texts of random strings with one keyword of the label each (see the module's docstring)."""
    draw = random.Random(seed)
    vocabulary = ["".join(draw.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(draw.randint(3, 9))) for _ in range(5000)]
    keywords = [keyword(label, draw) for label in range(5)]
    folder = os.path.join(target, name)
    os.makedirs(folder, exist_ok=True)
    for split, count in (("train", per_label), ("test", test_per_label)):
        table = []
        for label in range(5):
            for _ in range(count):
                text = [draw.choice(vocabulary) for _ in range(words)]
                text.insert(draw.randrange(len(text) + 1), keywords[label])
                table.append((f"L{label}", " ".join(text)))
        draw.shuffle(table)
        write(folder, split, table)


def main(source, target):
    many = os.path.join(target, "manylabels")
    os.makedirs(many, exist_ok=True)
    for split in ("train", "test"):
        with open(os.path.join(many, split + ".tsv"), "w", encoding="utf-8", newline="\n") as out:
            out.write("label\ttext\n")
            for dataset in MANY:
                for label, text in rows(os.path.join(source, dataset, split + ".tsv")):
                    out.write(f"{dataset}.{label}\t{text}\n")

    for dataset in NOISY:
        folder = os.path.join(target, "noisy_" + dataset)
        os.makedirs(folder, exist_ok=True)
        train = rows(os.path.join(source, dataset, "train.tsv"))
        labels = sorted({label for label, _ in train})
        draw = random.Random(7)
        with open(os.path.join(folder, "train.tsv"), "w", encoding="utf-8", newline="\n") as out:
            out.write("label\ttext\n")
            for label, text in train:
                if draw.random() < NOISE:
                    label = draw.choice(labels)
                out.write(f"{label}\t{text}\n")
        shutil.copyfile(os.path.join(source, dataset, "test.tsv"), os.path.join(folder, "test.tsv"))

    for words in (30, 100, 300):
        for per_label in (104, 300):
            needle(target, f"needle{words}_{per_label}", words, per_label, 30, lambda label, draw: f"kw{label}" + "".join(draw.choice("xyz") for _ in range(4)), 42)
    needle(target, "keyword_one_char", 100, 100, 20, lambda label, _: f"keyword{label}", 42)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
