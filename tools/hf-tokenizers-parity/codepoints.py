# Every code point (planes 0-2 up to U+31FFF, U+E0000-U+E01FF, two private-use ones) as "a{c}b {c}x {c}", one JSON
# string a line: the input review 50a compared BertCharClassifier's classes on.
import json
import sys

with open(sys.argv[1] if len(sys.argv) > 1 else 'cps.jsonl', 'w') as f:
    for cp in list(range(0, 0x32000)) + list(range(0xE0000, 0xE0200)) + [0xF0000, 0x10FFFD]:
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        f.write(json.dumps(f"a{c}b {c}x {c}") + '\n')
