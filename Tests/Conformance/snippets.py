"""Unroll cells the protocol tests need beyond jupyter_kernel_test's samples
(those are the class attributes in test_unroll_kernel.py). Adapt both when
the language changes; the protocol checks themselves do not depend on it."""


def long_running(seconds):
    """A cell that runs for about `seconds` and stops early when interrupted."""
    return f"sleep({seconds})"


# A cell that succeeds.
ARITHMETIC = "1 + 1"
