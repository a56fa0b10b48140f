#!/usr/bin/python3
"""Writes datasets built from the shared ones that stress what the shared ones do not (session 18).

  manylabels/              atis, banking77, snips, trec6 and stackoverflow together, each label prefixed with its
                           dataset's name ("banking77.card_arrival"): 128 labels, 45,517 training rows, 11,171 test rows.
  noisy_<dataset>/         the training rows of trec6, sst2, banking77, sms_spam, discord_conversations and stackoverflow
                           with 20 % of their labels replaced by one drawn uniformly from the dataset's labels (random
                           seed 7, so the same rows every time); test.tsv is the original one.
The output goes to a folder you name, outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_stress_datasets.py SHARED_DATASETS_DIR OUTPUT_DIR
Then:  TEXTCLASSIFICATION_DATASETS=OUTPUT_DIR dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- \\
           compare manylabels noisy_trec6 noisy_sst2 noisy_banking77 noisy_sms_spam noisy_discord_conversations noisy_stackoverflow
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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
