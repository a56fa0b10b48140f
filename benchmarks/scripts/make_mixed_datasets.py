#!/usr/bin/python3
"""Writes two large datasets built from the shared ones, to measure training speed past their sizes (session 10).

Every train.tsv row of the eleven shared datasets (146k rows, 21 MB) and every test.tsv row (29k) is labelled by where it
came from:
  mixed/   11 labels: the dataset's name;
  mixed4/   4 labels: intent (atis, banking77, snips), sentiment (imdb, sst2), topic (ag_news, stackoverflow, trec6),
            social (discord_conversations, hate_speech, sms_spam).
The output goes to a folder you name, outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_mixed_datasets.py SHARED_DATASETS_DIR OUTPUT_DIR
Then:  TEXTCLASSIFICATION_DATASETS=OUTPUT_DIR dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- \
           compare --peers ours,mlnet mixed mixed4
"""
import os
import sys

GROUPS = {
    "atis": "intent", "banking77": "intent", "snips": "intent",
    "imdb": "sentiment", "sst2": "sentiment",
    "ag_news": "topic", "stackoverflow": "topic", "trec6": "topic",
    "discord_conversations": "social", "hate_speech": "social", "sms_spam": "social",
}


def rows(path):
    with open(path, encoding="utf-8", newline="\n") as handle:
        header = [name.strip().lower() for name in handle.readline().rstrip("\n").split("\t")]
        text_column = header.index("text")
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > text_column and cells[text_column]:
                yield cells[text_column]


def main(source, target):
    for name in ("mixed", "mixed4"):
        os.makedirs(os.path.join(target, name), exist_ok=True)
    for split in ("train", "test"):
        with open(os.path.join(target, "mixed", split + ".tsv"), "w", encoding="utf-8", newline="\n") as mixed, \
             open(os.path.join(target, "mixed4", split + ".tsv"), "w", encoding="utf-8", newline="\n") as mixed4:
            mixed.write("label\ttext\n")
            mixed4.write("label\ttext\n")
            for dataset in sorted(GROUPS):
                path = os.path.join(source, dataset, split + ".tsv")
                if not os.path.exists(path):
                    sys.exit(f"{path} is missing")
                for text in rows(path):
                    mixed.write(f"{dataset}\t{text}\n")
                    mixed4.write(f"{GROUPS[dataset]}\t{text}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
