"""Unroll cells the protocol tests need beyond jupyter_kernel_test's samples
(those are the class attributes in test_unroll_kernel.py). Adapt both when
the language changes; the protocol checks themselves do not depend on it."""


def long_running(seconds):
    """A cell that runs for at least `seconds` (a loop of 10 million steps per
    second asked for: far longer, even in a release build) and stops when interrupted."""
    return f"for i in 0..{int(seconds * 10_000_000)} {{ }}"


# A cell that succeeds.
ARITHMETIC = "1 + 1"


def print_numbers(n):
    """A cell that prints 0, 1, …, n-1, one per line."""
    return f"for i in 0..{n} {{ print(i) }}"


# A cell whose note goes to the stderr stream: the gradient of a value that does
# not depend on x is zero, and the kernel says so.
NOTE_ON_STDERR = "x = [1, 2]\ngrad(sum([3, 4]), x)"

# Cells that define a tensor and a record for completion after '.'.
TENSOR_AND_RECORD = "W = randn(3, 3, seed=1)\nvocab = char_vocab(\"hello\")"
