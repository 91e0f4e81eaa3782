"""Pygments lexer for Unroll's tensor language.

Highlights keywords, builtins, numbers, strings, comments, operators and the
REPL's meta-commands (`:lesson 7`, `:check`). nbconvert, Sphinx and JupyterLab's
HTML export find it through the `pygments.lexers` entry point under the name
`unroll`, which is what the kernel's `language_info.pygments_lexer` says.

The builtin names come from `_names.py`, which `unroll kernel install` writes
from the registry of the program it is run with, so the list always matches
that program. Without that file, builtins are highlighted as plain names.
"""
from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Keyword, Name, Number, Operator,
                            Punctuation, String, Text, Whitespace)

try:
    from ._names import BUILTINS
except ImportError:  # installed with pip from the source tree, not by `unroll kernel install`
    BUILTINS = frozenset()

__all__ = ["UnrollLexer"]

KEYWORDS = ("def", "return", "if", "else", "for", "while", "break", "continue")
CONSTANTS = ("true", "false", "none")
WORD_OPERATORS = ("and", "or", "not", "in")


class UnrollLexer(RegexLexer):
    """Lexer for Unroll, a small tensor language with autodiff (`.ur` files)."""

    name = "Unroll"
    aliases = ["unroll"]
    filenames = ["*.ur"]
    mimetypes = ["text/x-unroll"]
    url = "https://pypi.org/project/pygments-unroll/"

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[ \t\r]+", Whitespace),
            (r"\\\n", Text),
            # A meta-command fills its line: `:lesson 7 --attach`, `:check rnn_step`.
            (r"^(:[A-Za-z][\w-]*)([^\n]*)", bygroups(Keyword.Pseudo, Text)),
            (r"#:[^\n]*", Comment.Special),          # `#: exercise ID` submission markers
            (r"#[^\n]*", Comment.Single),
            (r'"', String.Double, "dstring"),
            (r"'", String.Single, "sstring"),
            (r"(def)(\s+)([A-Za-z_]\w*)", bygroups(Keyword, Whitespace, Name.Function)),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(WORD_OPERATORS, suffix=r"\b"), Operator.Word),
            (r"(\d[\d_]*)?\.\d+([eE][+-]?\d+)?", Number.Float),
            (r"\d[\d_]*[eE][+-]?\d+", Number.Float),
            (r"\d[\d_]*", Number.Integer),
            (r"(\.)([A-Za-z_]\w*)", bygroups(Punctuation, Name.Attribute)),
            (r"[A-Za-z_]\w*", Name),
            (r"\*\*|\.\.|==|!=|<=|>=|//|[-+*/%@<>=]", Operator),
            (r"[()\[\]{},;:.?]", Punctuation),
            (r".", Text),
        ],
        "dstring": [
            (r'\\.', String.Escape),
            (r'"', String.Double, "#pop"),
            (r'\n', String.Double, "#pop"),          # strings end on their line
            (r'[^"\\\n]+', String.Double),
        ],
        "sstring": [
            (r"\\.", String.Escape),
            (r"'", String.Single, "#pop"),
            (r"\n", String.Single, "#pop"),
            (r"[^'\\\n]+", String.Single),
        ],
    }

    def get_tokens_unprocessed(self, text, stack=("root",)):
        for index, token, value in super().get_tokens_unprocessed(text, stack):
            if token is Name and value in BUILTINS:
                yield index, Name.Builtin, value
            else:
                yield index, token, value
