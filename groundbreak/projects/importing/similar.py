"""Names close to a project's name among a county's tens of thousands (rapidfuzz)."""

import bisect
import collections
import math
import threading
from collections import defaultdict

from rapidfuzz import fuzz, process


class SimilarNames:
    """Names close to a given one (rapidfuzz's ratio, 2·LCS / total length, at least
    ``cutoff``), among tens of thousands, without comparing with every one of them.

    The ratio can reach the cutoff ``c`` only if the two names, of lengths ``a`` and ``b``,
    share at least ``k = c·(a+b)/2`` characters (a repeated character counting once per time).
    With characters ordered from rare to common across the county's names, the rarest they
    share is then among the rarest ``a-k+1`` of one and the rarest ``b-k+1`` of the other
    (prefix filtering, with the position and the length filter of PPJoin; any one order of
    equally rare characters will do): an index of each name's rarest characters, with their
    rank in the name and its length, gives the candidates and never misses one.
    ``close_to_many`` scores a whole table's names at once: the table's names of one length
    with a rare character against the county's names with it whose rank and length let them be
    close to one of those, in one ``process.cdist`` call per character and length (C++), the
    characters renumbered from 1 by frequency (rapidfuzz compares one-byte characters through a
    table, CJK ones through a hash map: half the time). The names' characters, ranks and new
    numbers are worked out with numpy for all the names at once.
    """

    BLOCK = 1 << 22  # scores per cdist call (16 MiB of float32), so memory stays flat
    _recent = collections.OrderedDict()  # names → index, the last few built (``of``)
    _lock = threading.Lock()

    @classmethod
    def of(cls, names, keep=2):
        """The index of ``names``, built once for the same names in the same order: a county
        imports its lists again and again, and a web import plans its file twice (the preview,
        then the confirmation). The last ``keep`` indexes are kept; an index is never changed
        once built, so that threads may share it."""
        names = tuple(names)
        with cls._lock:
            index = cls._recent.get(names)
            if index is not None:
                cls._recent.move_to_end(names)
                return index
        index = cls(names)
        with cls._lock:
            cls._recent[names] = index
            while len(cls._recent) > keep:
                cls._recent.popitem(last=False)
        return index

    def __init__(self, names, cutoff=0.75):
        import numpy as np

        self.names, self.cutoff = list(names), cutoff
        chars, lengths = _characters(self.names, np)
        # Rare first, ties in one order for all names
        self.tokens, counts = np.unique(_tokens(chars, lengths, np)[1], return_counts=True)
        self.ranks = _places(np.lexsort((self.tokens, counts)), np)
        # The most used characters numbered first (one byte each in rapidfuzz)
        self.characters, uses = np.unique(chars, return_counts=True)
        self.numbers = _numbers(_places(np.argsort(-uses, kind="stable"), np), np)
        self.coded = _spelled(self.numbers[np.searchsorted(self.characters, chars)], lengths)
        # character's rank → length (from short to long) → (its ranks in the names, the names'
        # places, the names renumbered), ordered by rank in the name, then place
        self.postings = {}
        name, position, rank, lengths = self._prefixes(chars, lengths, np)
        length = lengths[name]
        order = np.lexsort((name, position, length, rank))
        name, position, rank, length = name[order], position[order], rank[order], length[order]
        cuts = np.flatnonzero((rank[1:] != rank[:-1]) | (length[1:] != length[:-1])) + 1
        coded = np.array(self.coded, dtype=object)
        starts = [0, *cuts.tolist()]
        for start, end in zip(starts, [*starts[1:], len(rank)], strict=True):
            if start == end:
                continue
            places = name[start:end]
            self.postings.setdefault(int(rank[start]), {})[int(length[start])] = (
                position[start:end].tolist(),
                places,
                coded[places].tolist(),
            )

        self.posted = np.array(sorted(self.postings), dtype=np.int64)

    def _size(self, length):
        """How many of the rarest characters of a name of ``length`` its prefix holds."""
        shared = self.cutoff * length / (2 - self.cutoff)  # at least this many in common
        return max(length - math.ceil(shared - 1e-9) + 1, 1)

    def _prefixes(self, chars, lengths, np):
        """The prefixes of names (``chars``: their characters one after the other, ``lengths``:
        how many each has) as arrays: (the name's place, the character's rank in the name's
        prefix, the character's rank across the names), and the names' lengths; a character no
        existing name has ranks -1."""
        name, token = _tokens(chars, lengths, np)
        rank = _lookup(self.tokens, self.ranks, token, -1, np)
        # each name's characters from rare to common (one sort of one key: quicker)
        order = np.argsort(name * (len(self.tokens) + 1) + rank + 1, kind="stable")
        name, rank = name[order], rank[order]
        position = np.arange(len(name)) - (np.cumsum(lengths) - lengths)[name]
        width = int(lengths.max(initial=0))
        sizes = np.array([self._size(n) for n in range(width + 1)], dtype=np.int64)[lengths]
        prefix = position < sizes[name]
        return name[prefix], position[prefix], rank[prefix], lengths

    def _shared(self, a, b):
        """How many characters names of lengths ``a`` and ``b`` share at least to be close."""
        return math.ceil(self.cutoff * (a + b) / 2 - 1e-9)

    def _coded(self, chars, lengths, np):
        """Texts (``chars``: their characters one after the other, ``lengths``: how many each
        has) in the characters' new numbers; one no existing name has gets its own (the index is
        left as it was: it may be shared, see ``of``)."""
        numbers = _lookup(self.characters, self.numbers, chars, -1, np)
        new = numbers < 0
        others, which = np.unique(chars[new], return_inverse=True)
        numbers[new] = _numbers(len(self.characters) + np.arange(len(others)), np)[which]
        return _spelled(numbers, lengths)

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
        chars, lengths = _characters(queries, np)
        coded = np.array(self._coded(chars, lengths, np), dtype=object)
        # The table's names grouped by a rare character and their length, so that the length
        # and position filters below bound each group exactly; in a group, the names whose
        # character ranks further in need only the shorter of its candidates, and are scored
        # apart where that saves more than another call costs.
        name, position, rank, lengths = self._prefixes(chars, lengths, np)
        length = lengths[name]
        posted = np.isin(rank, self.posted)
        name, position, rank, length = name[posted], position[posted], rank[posted], length[posted]
        order = np.lexsort((name, position, length, rank))
        name, position, rank, length = (each[order] for each in (name, position, rank, length))
        if not len(rank):
            return found
        starts = np.flatnonzero(np.r_[True, (rank[1:] != rank[:-1]) | (length[1:] != length[:-1])])
        ends = [*starts[1:].tolist(), len(rank)]
        ranks = position.tolist()
        blocks, pairs, needs = [], 0, {}
        longest = max(map(len, self.names))
        for start, end, token, size in zip(
            starts.tolist(), ends, rank[starts].tolist(), length[starts].tolist(), strict=True
        ):
            if size not in needs:
                needs[size] = [self._shared(size, other) for other in range(longest + 1)]
            need, indices, strings, reach = needs[size], [], [], []
            for other, (positions, places, coded_names) in self.postings[token].items():
                least = need[other]
                if ranks[start] > size - least:
                    break  # the longer names (after) must share even more
                end_ = bisect.bisect_right(positions, other - least)
                if end_:
                    indices.append(places[:end_])
                    strings += coded_names[:end_]
                    reach.append((size - least, len(strings)))  # the highest rank, candidates
            if not indices:
                continue
            indices = indices[0] if len(indices) == 1 else np.concatenate(indices)
            within = ranks[start:end]
            first, cut = start, len(strings)
            for further in range(within[0] + 1, within[-1] + 1):
                at = start + bisect.bisect_left(within, further)
                fewer = 0
                for highest, candidates in reach:
                    if highest < further:
                        break
                    fewer = candidates
                # a call costs about as much as scoring 2,000 pairs
                if (end - at) * (cut - fewer) > 2000 + 3 * fewer:
                    blocks.append((name[first:at], indices[:cut], strings[:cut]))
                    pairs += (at - first) * cut
                    first, cut = at, fewer
            if cut and first < end:
                blocks.append((name[first:end], indices[:cut], strings[:cut]))
                pairs += (end - first) * cut
        if pairs > len(queries) * len(self.names):  # names alike: scoring all of them is less
            blocks = [(np.arange(len(queries)), None, self.coded)]
        parts = [self._best(*block, coded, n, np) for block in blocks]
        parts = [part for part in parts if part is not None]
        if not parts:
            return found
        query, choice, score = (np.concatenate(column) for column in zip(*parts, strict=True))
        order = np.lexsort((choice, -score, query))  # per query, best first
        query, choice = query[order], choice[order]
        keep = np.ones(len(query), dtype=bool)
        keep[1:] = (query[1:] != query[:-1]) | (choice[1:] != choice[:-1])  # a pair found twice
        query, choice = query[keep], choice[keep]
        top = np.arange(len(query)) - np.searchsorted(query, query, side="left") < n
        answers = defaultdict(list)
        for q, c in zip(query[top].tolist(), choice[top].tolist(), strict=True):
            answers[q].append(self.names[c])
        position = {query: i for i, query in enumerate(queries)}
        return [list(answers.get(position[name], ())) for name in names]

    def _best(self, block, indices, strings, coded, n, np):
        """(query index, name index, score) of the pairs at or above the cutoff between the
        queries at ``block`` and the names at ``indices`` (all if None), renumbered ``strings``
        (at most the ``n`` best of a query where there are many), in slices of at most BLOCK
        scores."""
        indices = np.arange(len(self.names)) if indices is None else indices
        step = max(self.BLOCK // len(strings), 1)
        found = []
        for start in range(0, len(block), step):
            rows = block[start : start + step]
            scores = process.cdist(
                coded[rows].tolist(),
                strings,
                scorer=fuzz.ratio,
                score_cutoff=self.cutoff * 100,
                dtype=np.float32,
                workers=-1 if len(rows) * len(strings) > 1 << 20 else 1,
            )
            # the pairs at or above the cutoff (the others score 0): a scan of a boolean matrix
            # is several times quicker than np.nonzero of the scores
            hits = np.flatnonzero(scores > 0)
            if n < len(strings) and len(hits) > 4 * n * len(rows):
                # Names alike, hundreds close to each query: each row's n best, ties to the
                # first name, by one partial sort of unique keys (score, then the name's place).
                key = np.rint(scores * 1e5).astype(np.int64) << 24
                key -= indices.astype(np.int64)
                key[scores == 0] = -(1 << 62)
                best = np.zeros(scores.shape, dtype=bool)
                np.put_along_axis(best, np.argpartition(-key, n - 1, axis=1)[:, :n], True, axis=1)
                scores = np.where(best, scores, 0)
                hits = np.flatnonzero(scores > 0)
            if len(hits):
                row, column = np.divmod(hits, scores.shape[1])
                found.append((rows[row], indices[column], scores.ravel()[hits]))
        if not found:
            return None
        return tuple(np.concatenate(column) for column in zip(*found, strict=True))


def _characters(texts, np):
    """The characters of ``texts`` one after the other (code points), and each text's length."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    text = "".join(texts).encode("utf-32-le", "surrogatepass")
    return np.frombuffer(text, dtype=np.uint32).astype(np.int64), lengths


def _tokens(chars, lengths, np):
    """Each text's characters as tokens, a repeated character told apart by how many times it
    came before in the text (the second 工 is not the first): (the text's place, the token)
    for each character, grouped by text. A token is the code point, then that count."""
    text = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    key = (text << 21) | chars  # code points are below 2**21
    key.sort()
    index = np.arange(len(key))
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    before = index - np.maximum.accumulate(np.where(first, index, 0))
    return key >> 21, ((key & ((1 << 21) - 1)) << 32) | before


def _lookup(keys, values, wanted, missing, np):
    """The values of the ``wanted`` keys (``keys`` sorted), ``missing`` for a key not there."""
    if not len(keys):
        return np.full(len(wanted), missing, dtype=np.int64)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, values[at], missing)


def _places(permutation, np):
    """The place of each item in ``permutation`` (its inverse)."""
    places = np.empty(len(permutation), dtype=np.int64)
    places[permutation] = np.arange(len(permutation))
    return places


def _numbers(indices, np):
    """The ``indices``-th character codes from 1, stepping over the surrogates Python cannot
    hold in a str that rapidfuzz reads."""
    codes = np.asarray(indices, dtype=np.int64) + 1
    return np.where(codes < 0xD800, codes, codes + 0x800)


def _spelled(numbers, lengths):
    """The texts of ``lengths`` characters written with the character codes ``numbers``."""
    text = numbers.astype("<u4").tobytes().decode("utf-32-le")
    ends = lengths.cumsum().tolist()
    return [text[start:end] for start, end in zip([0, *ends], ends, strict=False)]
