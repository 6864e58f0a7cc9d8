"""The Merkle tree hash of a batch of entries, as RFC 6962 (Certificate Transparency) defines it.

Leaves are hashed by the caller (a keyed hash of each entry); inner nodes
are ``SHA-256(0x01 || left || right)``, and a tree of n leaves splits at
the largest power of two below n, so a tree's root never depends on how it
was built and an inclusion proof can be given for any entry.
"""
from __future__ import annotations

import hashlib

NODE_PREFIX = b"\x01"


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaves: list[bytes]) -> bytes:
    """The tree's root over the leaf hashes, in order; the hash of nothing for no leaves."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    return _root(leaves, 0, len(leaves))


def _root(leaves: list[bytes], start: int, end: int) -> bytes:
    n = end - start
    if n == 1:
        return leaves[start]
    k = _split(n)
    left, right = _root(leaves, start, start + k), _root(leaves, start + k, end)
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def inclusion_proof(leaves: list[bytes], index: int) -> list[bytes]:
    """The sibling hashes that lead from leaf ``index`` to the root (RFC 6962's audit path)."""
    path: list[bytes] = []
    start, end = 0, len(leaves)
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            path.append(_root(leaves, start + k, end))
            end = start + k
        else:
            path.append(_root(leaves, start, start + k))
            start = start + k
    return list(reversed(path))


def verify_inclusion(leaf: bytes, index: int, size: int, path: list[bytes], expected_root: bytes) -> bool:
    """Whether ``path`` proves ``leaf`` is leaf ``index`` of the tree of ``size`` leaves with this root."""
    steps: list[bool] = []  # True where the sibling is on the right
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            steps.append(True)
            end = start + k
        else:
            steps.append(False)
            start = start + k
    if len(steps) != len(path):
        return False
    node = leaf
    for sibling, on_right in zip(path, reversed(steps)):
        node = hashlib.sha256(NODE_PREFIX + (node + sibling if on_right else sibling + node)).digest()
    return node == expected_root
