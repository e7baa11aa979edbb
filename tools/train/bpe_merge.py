"""Frequency-driven pair merging shared by the byte-level BPE and WordPiece trainers.

Each merge picks the adjacent symbol pair with the highest total count over the word table;
ties go to the lexicographically smallest (left, right) pair, compared by Unicode code points
(Python string order). This makes training fully deterministic. Incremental pair counts with a
lazy max-heap keep it fast."""
import heapq


def learn_merges(word_counts, initial_symbols, join, num_merges, min_count=2):
    """word_counts: dict word -> count. initial_symbols(word) -> list of symbols.
    join(a, b) -> merged symbol. Returns the list of merged pairs in merge order."""
    words = [list(initial_symbols(w)) for w in sorted(word_counts)]
    counts = [word_counts[w] for w in sorted(word_counts)]
    pair_count = {}
    where = {}
    for i, syms in enumerate(words):
        c = counts[i]
        for p in zip(syms, syms[1:]):
            pair_count[p] = pair_count.get(p, 0) + c
            where.setdefault(p, set()).add(i)
    heap = [(-c, p) for p, c in pair_count.items()]
    heapq.heapify(heap)
    merges = []
    while len(merges) < num_merges and heap:
        negc, pair = heapq.heappop(heap)
        cur = pair_count.get(pair, 0)
        if cur != -negc:
            continue  # stale entry
        if cur < min_count:
            break
        merges.append(pair)
        a, b = pair
        new_sym = join(a, b)
        touched = {}
        for i in sorted(where.get(pair, ())):
            syms = words[i]
            c = counts[i]
            # remove old pairs of this word
            for p in zip(syms, syms[1:]):
                pair_count[p] -= c
                touched[p] = True
                s = where.get(p)
                if s is not None:
                    s.discard(i)
            out = []
            j = 0
            n = len(syms)
            while j < n:
                if j + 1 < n and syms[j] == a and syms[j + 1] == b:
                    out.append(new_sym)
                    j += 2
                else:
                    out.append(syms[j])
                    j += 1
            words[i] = out
            for p in zip(out, out[1:]):
                pair_count[p] = pair_count.get(p, 0) + c
                touched[p] = True
                where.setdefault(p, set()).add(i)
        pair_count.pop(pair, None)
        where.pop(pair, None)
        for p in touched:
            if p == pair:
                continue
            c = pair_count.get(p, 0)
            if c > 0:
                heapq.heappush(heap, (-c, p))
            else:
                pair_count.pop(p, None)
    return merges
