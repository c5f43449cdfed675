"""Names close to a project's name among a county's tens of thousands (rapidfuzz)."""

import bisect
import math
from collections import Counter, defaultdict

from rapidfuzz import fuzz, process


class SimilarNames:
    """Names close to a given one (rapidfuzz's ratio, 2·LCS / total length, at least
    ``cutoff``), among tens of thousands, without comparing with every one of them.

    The ratio can reach the cutoff ``c`` only if the two names, of lengths ``a`` and ``b``,
    share at least ``k = c·(a+b)/2`` characters (a repeated character counting once per time).
    With characters ordered from rare to common across the county's names, the rarest they
    share is then among the rarest ``a-k+1`` of one and the rarest ``b-k+1`` of the other
    (prefix filtering, with the position and the length filter of PPJoin): an index of each
    name's rarest characters, with their rank in the name and its length, gives the candidates
    and never misses one. ``close_to_many`` scores a whole table's names at once: the table's
    names with a rare character against the county's names with it whose rank and length let
    them be close to one of those, in one ``process.cdist`` call per character (C++, SIMD), the
    characters renumbered from 1 by frequency (rapidfuzz compares one-byte characters through a
    table, CJK ones through a hash map: half the time).
    """

    BLOCK = 1 << 22  # scores per cdist call (16 MiB of float32), so memory stays flat

    def __init__(self, names, cutoff=0.75):
        import numpy as np

        self.names, self.cutoff = list(names), cutoff
        tokens = [self._tokens(name) for name in self.names]
        counts = Counter(token for each in tokens for token in each)
        # Rare first, ties in one order for all names; a character no existing name has sorts
        # before all (it has no postings).
        self.order = {t: i for i, t in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
        postings = defaultdict(lambda: defaultdict(list))  # character → length → [(rank, name)]
        for index, each in enumerate(tokens):
            for position, token in enumerate(self._prefix(each)):
                postings[token][len(each)].append((position, index))
        chars = Counter(char for name in self.names for char in name)
        self.codes = {ord(char): _code(i) for i, (char, _n) in enumerate(chars.most_common())}
        self.coded = [name.translate(self.codes) for name in self.names]
        self.postings = {}  # character → length → (ranks, names' places, names renumbered)
        for token, lengths in postings.items():
            self.postings[token] = by_length = {}
            for length, entries in lengths.items():
                entries.sort()
                indices = np.array([i for _p, i in entries], dtype=np.int64)
                by_length[length] = (
                    [p for p, _i in entries],
                    indices,
                    np.array([self.coded[i] for i in indices.tolist()], dtype=object),
                )

    def _shared(self, a, b):
        """How many characters names of lengths ``a`` and ``b`` share at least to be close."""
        return math.ceil(self.cutoff * (a + b) / 2 - 1e-9)

    def _code(self, text):
        """``text`` in the characters' new numbers; one no existing name has gets its own."""
        codes = self.codes
        for char in set(text):
            if ord(char) not in codes:
                codes[ord(char)] = _code(len(codes))
        return text.translate(codes)

    @staticmethod
    def _tokens(text):
        """The characters of ``text``, the second 工 of a name as "工2", the third "工3" …"""
        if len(set(text)) == len(text):
            return list(text)
        seen = {}
        tokens = []
        for char in text:
            times = seen[char] = seen.get(char, 0) + 1
            tokens.append(char if times == 1 else f"{char}{times}")
        return tokens

    def _prefix(self, tokens):
        """The rarest of a name's characters, one of which any close name shares."""
        shared = self.cutoff * len(tokens) / (2 - self.cutoff)  # at least this many in common
        size = max(len(tokens) - math.ceil(shared - 1e-9) + 1, 1)
        order = self.order
        return sorted(tokens, key=lambda token: order.get(token, -1))[:size]

    def close_to(self, name, n=3):
        return self.close_to_many([name], n)[0]

    def close_to_many(self, names, n=3):
        """For each of ``names``, the ``n`` closest existing names at or above the cutoff, best
        first (ties in the order of the existing names: what ``process.extract`` answers)."""
        found = [[] for _name in names]
        if not self.names or not names:
            return found
        import numpy as np

        queries = list(dict.fromkeys(names))
        coded = [self._code(name) for name in queries]
        groups = defaultdict(list)  # a rare character → the names that have it
        bounds = {}  # the same → (lowest rank of the character, shortest, longest name)
        for index, query in enumerate(queries):
            tokens = self._tokens(query)
            length = len(tokens)
            for position, token in enumerate(self._prefix(tokens)):
                if token in self.postings:
                    groups[token].append(index)
                    low, short, long = bounds.get(token, (position, length, length))
                    bounds[token] = min(low, position), min(short, length), max(long, length)
        blocks, pairs = [], 0
        for token, block in groups.items():
            position, short, long = bounds[token]
            indices, strings = [], []
            for other, (positions, places, coded_names) in self.postings[token].items():
                if position <= long - self._shared(long, other):
                    end = bisect.bisect_right(positions, other - self._shared(short, other))
                    if end:
                        indices.append(places[:end])
                        strings.append(coded_names[:end])
            if indices:
                indices = indices[0] if len(indices) == 1 else np.concatenate(indices)
                blocks.append((block, indices, strings))
                pairs += len(block) * len(indices)
        if pairs > len(queries) * len(self.names):  # names alike: scoring all of them is less
            blocks = [(list(range(len(queries))), None, [self.coded])]
        parts = [self._best(block, *choices, coded, n, np) for block, *choices in blocks]
        parts = [part for part in parts if part is not None]
        if not parts:
            return found
        query, choice, score = (np.concatenate(column) for column in zip(*parts, strict=True))
        order = np.lexsort((choice, -score, query))
        query, choice = query[order], choice[order]
        keep = np.ones(len(query), dtype=bool)
        keep[1:] = (query[1:] != query[:-1]) | (choice[1:] != choice[:-1])  # a pair found twice
        query, choice = query[keep], choice[keep]
        answers = defaultdict(list)
        for q, c in zip(query.tolist(), choice.tolist(), strict=True):
            if len(answers[q]) < n:
                answers[q].append(self.names[c])
        position = {query: i for i, query in enumerate(queries)}
        return [list(answers.get(position[name], ())) for name in names]

    def _best(self, block, indices, strings, coded, n, np):
        """(query index, name index, score) of each query's ``n`` best among the names at
        ``indices`` (all if None), renumbered ``strings``, in slices of at most BLOCK scores."""
        indices = np.arange(len(self.names)) if indices is None else indices
        strings = [text for part in strings for text in part]
        step = max(self.BLOCK // len(strings), 1)
        found = []
        for start in range(0, len(block), step):
            rows = block[start : start + step]
            scores = process.cdist(
                [coded[i] for i in rows],
                strings,
                scorer=fuzz.ratio,
                score_cutoff=self.cutoff * 100,
                dtype=np.float32,
                workers=-1 if len(rows) * len(strings) > 1 << 20 else 1,
            )
            if n < len(strings) and np.count_nonzero(scores) > 4 * n * len(rows):
                # Names alike, hundreds close to each query: each row's n best, ties to the
                # first name, by one partial sort of unique keys (score, then the name's place).
                key = np.rint(scores * 1e5).astype(np.int64) << 24
                key -= indices.astype(np.int64)
                key[scores == 0] = -(1 << 62)
                best = np.zeros(scores.shape, dtype=bool)
                np.put_along_axis(best, np.argpartition(-key, n - 1, axis=1)[:, :n], True, axis=1)
                scores = np.where(best, scores, 0)
            row, column = np.nonzero(scores)
            if not len(row):
                continue
            value = scores[row, column]
            name = indices[column]
            order = np.lexsort((name, -value, row))  # per query, best first
            row, name, value = row[order], name[order], value[order]
            first = np.searchsorted(row, row, side="left")
            top = np.arange(len(row)) - first < n  # a query's n best in this slice
            found.append((np.asarray(rows)[row[top]], name[top], value[top].astype(np.float64)))
        if not found:
            return None
        return tuple(np.concatenate(column) for column in zip(*found, strict=True))


def _code(index):
    """The ``index``-th character code from 1, stepping over the surrogates Python cannot hold
    in a str that rapidfuzz reads."""
    code = index + 1
    return chr(code if code < 0xD800 else code + 0x800)
