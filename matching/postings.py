"""Growable posting lists: feature id -> int32 array of slots, patched in place."""

import numpy as np

__all__ = ["Postings"]


class Postings:
    """One int32 posting array per feature with amortized O(1) append and O(df) removal.

    Order inside a list is not meaningful (removal swaps the last entry in), which is fine because
    scores are sums. ``build`` creates all lists at once from (slot, feature) pairs in
    O(P log P) for P pairs.
    """

    __slots__ = ("_arrays", "_lengths")

    def __init__(self):
        self._arrays, self._lengths = [], []

    def __len__(self):
        return len(self._arrays)

    def ensure(self, size):
        """Make feature ids ``< size`` valid (empty lists)."""
        while len(self._arrays) < size:
            self._arrays.append(np.empty(4, dtype=np.int32))
            self._lengths.append(0)

    @classmethod
    def build(cls, slots, features, size):
        """Postings of ``size`` features from parallel int arrays; each list sorted by slot."""
        post = cls()
        order = np.lexsort((slots, features))
        slots, features = np.asarray(slots)[order], np.asarray(features)[order]
        bounds = np.searchsorted(features, np.arange(size + 1))
        for f in range(size):
            chunk = slots[bounds[f]:bounds[f + 1]].astype(np.int32)
            buf = np.empty(max(4, 2 * len(chunk)), dtype=np.int32)
            buf[:len(chunk)] = chunk
            post._arrays.append(buf)
            post._lengths.append(len(chunk))
        return post

    def get(self, feature):
        """The live slots of ``feature`` (a view: do not keep it across patches)."""
        if feature >= len(self._arrays):
            return self._arrays[0][:0] if self._arrays else np.empty(0, dtype=np.int32)
        return self._arrays[feature][:self._lengths[feature]]

    def df(self, feature):
        return self._lengths[feature] if feature < len(self._lengths) else 0

    def add(self, feature, slot):
        self.ensure(feature + 1)
        arr, n = self._arrays[feature], self._lengths[feature]
        if n == len(arr):
            arr = np.concatenate([arr, np.empty(max(4, n), dtype=np.int32)])
            self._arrays[feature] = arr
        arr[n] = slot
        self._lengths[feature] = n + 1

    def remove(self, feature, slot):
        arr, n = self._arrays[feature], self._lengths[feature]
        where = np.flatnonzero(arr[:n] == slot)
        if len(where):
            arr[where[0]] = arr[n - 1]
            self._lengths[feature] = n - 1

    def nbytes(self):
        return sum(a.nbytes for a in self._arrays)
