"""Word-level tracked changes of a 10,000-word section with 500 word edits,
next to the C++ fast-diff-match-patch character-level diff of the same
texts, and the pure-Python diff-match-patch character-level diff, in one run.

    .venv/bin/python bench/diff_bench.py [--words 10000] [--edits 500] [--runs 15]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fast_diff_match_patch
from diff_match_patch import diff_match_patch

from drafting.documents.diffing import diff
from drafting.documents.tokens import block, canonical, parse, serialise, word

VOCABULARY = ("kunta yhdistys järjestö avustus toimitila yhteistyö hyvinvointi ilta vuosikello "
              "koordinaattori hakemus päätös valtuusto lautakunta tiedottaminen kumppanuus "
              "vapaaehtoinen seura kylätalo nuoriso liikunta kulttuuri ja sekä tai että kun "
              "joka myös vuosittain 31.3.2026 euroa").split()


def section(words: int, rng: random.Random) -> str:
    tokens, written = [], 0
    while written < words:
        kind = rng.choice(["p", "p", "p", "h3", "li"])
        tokens.append(block(kind, ("ul",) if kind == "li" else ()))
        length = rng.randint(4, 8) if kind == "h3" else rng.randint(20, 120)
        for index in range(min(length, words - written)):
            if index:
                tokens.append(word(" "))
            marks = ("strong",) if rng.random() < 0.03 else ()
            tokens.append(word(rng.choice(VOCABULARY), marks))
            written += 1
        tokens.append(word("."))
    return canonical(serialise(tokens))


def edit(html: str, edits: int, rng: random.Random) -> str:
    tokens = parse(html)
    positions = [i for i, t in enumerate(tokens) if t[0] == "W" and not t[1].isspace()]
    for position in sorted(rng.sample(positions, edits), reverse=True):
        action = rng.choice(["replace", "insert", "delete"])
        if action == "replace":
            tokens[position] = word(rng.choice(VOCABULARY), tokens[position][2])
        elif action == "insert":
            tokens[position:position] = [word(rng.choice(VOCABULARY)), word(" ")]
        else:
            del tokens[position:position + 2]
    return canonical(serialise(tokens))


def timed(function, runs: int) -> float:
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    old = section(args.words, rng)
    new = edit(old, args.edits, rng)

    ours = timed(lambda: diff(old, new), args.runs)
    cpp = timed(lambda: fast_diff_match_patch.diff(old, new, counts_only=True, cleanup="Semantic"), args.runs)
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    python = timed(lambda: dmp.diff_cleanupSemantic(dmp.diff_main(old, new)), max(1, args.runs // 5))

    print(f"section: {args.words} words, {len(old)} characters; {args.edits} word edits; "
          f"median of {args.runs} runs")
    print(f"{'diff':<62} {'ms':>9} {'× C++':>7}")
    rows = [
        ("ours: word-level tracked changes (parse, encode, diff, decode)", ours),
        ("fast-diff-match-patch (C++), character level", cpp),
        ("diff-match-patch (pure Python), character level", python),
    ]
    for name, seconds in rows:
        print(f"{name:<62} {seconds * 1000:>9.1f} {seconds / cpp:>7.2f}")
    print(f"goal: ours within 1.5× of the C++ character-level diff -> "
          f"{'met' if ours <= 1.5 * cpp else 'NOT met'} ({ours / cpp:.2f}×)")


if __name__ == "__main__":
    main()
