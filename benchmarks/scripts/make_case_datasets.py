#!/usr/bin/python3
"""Writes the shared datasets with letter-case noise on their test texts (session 54), for checking any feature that
reads letter case: each output set is a dataset's train.tsv as it is and its test.tsv with the texts changed.

  upper_<dataset>/     every test text in capitals ("HOW FAR IS IT FROM DENVER TO ASPEN ?").
  title_<dataset>/     every test text in Title Case (Python's str.title).
  randcase_<dataset>/  each char of a test text upper- or lower-cased at random ("HOw fAR IS IT FRom DeNvER").
  upper30_<dataset>/   30 % of a test text's words (split at spaces) in capitals ("How FAR is IT from Denver TO Aspen ?").
Random draws use seed 7 per dataset and shape, so the same texts every time. The output goes to a folder you name,
outside the repository (the datasets are not copied into the project).

Usage: /usr/bin/python3 make_case_datasets.py SHARED_DATASETS_DIR OUTPUT_DIR
Then:  TEXTCLASSIFICATION_DATASETS=OUTPUT_DIR dotnet run -c Release --project benchmarks/TextClassification.Benchmarks -- \\
           compare --peers ours --seed 42
"""
import os
import random
import shutil
import sys


def random_case(draw, text):
    return "".join(char.upper() if draw.random() < 0.5 else char.lower() for char in text)


def some_words_upper(draw, text):
    return " ".join(word.upper() if draw.random() < 0.3 else word for word in text.split(" "))


SHAPES = {
    "upper": lambda draw, text: text.upper(),
    "title": lambda draw, text: text.title(),
    "randcase": random_case,
    "upper30": some_words_upper,
}


def write_shape(source, target, change):
    os.makedirs(target, exist_ok=True)
    shutil.copyfile(os.path.join(source, "train.tsv"), os.path.join(target, "train.tsv"))
    draw = random.Random(7)
    with open(os.path.join(source, "test.tsv"), encoding="utf-8", newline="\n") as handle, \
            open(os.path.join(target, "test.tsv"), "w", encoding="utf-8", newline="\n") as out:
        header = handle.readline()
        out.write(header)
        text = [name.strip().lower() for name in header.rstrip("\n").split("\t")].index("text")
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) > text:
                cells[text] = change(draw, cells[text])
            out.write("\t".join(cells) + "\n")


def main(shared, output):
    for name in sorted(os.listdir(shared)):
        source = os.path.join(shared, name)
        if not os.path.isfile(os.path.join(source, "test.tsv")):
            continue
        for shape, change in SHAPES.items():
            write_shape(source, os.path.join(output, f"{shape}_{name}"), change)
            print(f"{shape}_{name}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
