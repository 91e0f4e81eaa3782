// GNU readline, linked as a system library (Debian: libreadline-dev).
//
// Readline's settings are C globals, which Swift 6 treats as shared mutable
// state; these accessors are the one place the REPL touches them, always from
// its own thread.
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>

/// Turns off readline's signal handlers (the REPL owns SIGINT) and installs
/// the completion hook and word-break characters.
static inline void unroll_rl_configure(const char *name, rl_completion_func_t *complete, const char *word_breaks) {
    rl_catch_signals = 0;
    rl_catch_sigwinch = 1;
    rl_readline_name = name;
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = word_breaks;
}

/// Inside a completion hook: do not fall back to completing file names.
static inline void unroll_rl_no_default_completion(void) { rl_attempted_completion_over = 1; }

/// The line being edited and the cursor's byte offset in it.
static inline const char *unroll_rl_line_buffer(void) { return rl_line_buffer ? rl_line_buffer : ""; }
static inline int unroll_rl_point(void) { return rl_point; }

static void unroll_rl_keep_prepared(void) {}

/// Keeps the terminal in readline's mode between lines (``unroll_rl_release_terminal``
/// gives it back). In the terminal's own (canonical) mode, a Ctrl-D typed while a cell
/// runs becomes an end-of-file mark that reaches readline as a NUL byte once it
/// switches modes, and is lost; in readline's mode it stays the byte readline reads
/// as end of input. Typed-ahead lines are kept the same way, and not echoed into the
/// cell's output.
static inline void unroll_rl_hold_terminal(void) { rl_deprep_term_function = unroll_rl_keep_prepared; }

/// Gives the terminal back its own settings (the REPL is ending).
static inline void unroll_rl_release_terminal(void) {
    rl_deprep_term_function = rl_deprep_terminal;
    rl_deprep_terminal();
}
