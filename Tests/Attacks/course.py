"""What the attack suite needs to know about a lesson file, read the way a
lesson author writes it: exercises with starter, solution and check blocks,
and the plain cells before each."""
import json
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"

FENCE = re.compile(r"^```unroll([^\n]*)\n(.*?)\n```", re.S | re.M)


def lesson_file(number):
    return next(LESSONS.glob(f"{int(number):02d}-*.md"))


def all_lessons():
    return sorted(int(p.name[:2]) for p in LESSONS.glob("[0-9][0-9]-*.md"))


class Check:
    def __init__(self, line):
        words = line.split()
        self.hidden = "hidden" in words
        options = {w.split("=")[0]: w.split("=")[1] for w in words if "=" in w and w.split("=")[0] in ("points", "rtol", "atol", "trials")}
        self.points = float(options.get("points", 1))
        body = [w for w in words if w not in ("hidden", "visible", "reveal") and w.split("=")[0] not in ("points", "rtol", "atol", "trials")]
        self.kind = body[0]
        self.expression = " ".join(body[1:])


class Exercise:
    def __init__(self, ex_id):
        self.id = ex_id
        self.starter = ""
        self.solution = ""
        self.checks = []
        self.mutants = []  # the lesson's plausible wrong answers
        self.cells_before = []  # plain cells and earlier solutions, in order

    @property
    def points(self):
        return sum(c.points for c in self.checks)


def exercises(number):
    """The lesson's exercises in order, each knowing the code that runs before it."""
    text = lesson_file(number).read_text()
    found, order, script = {}, [], []
    for info, code in FENCE.findall(text):
        attrs = dict(w.split("=", 1) for w in info.split() if "=" in w)
        if "starter" in attrs:
            ex = Exercise(attrs["starter"])
            ex.starter = code
            ex.cells_before = list(script)
            found[ex.id] = ex
            order.append(ex)
        elif "solution" in attrs:
            found[attrs["solution"]].solution = code
            script.append(code)
        elif "question" in attrs:
            # A concept question: its answer is the variable named like it.
            ex = Exercise(attrs["question"])
            ex.starter = f"{ex.id} = none"
            ex.cells_before = list(script)
            for line in code.split("\n"):
                if line.startswith("answer:"):
                    words = line[len("answer:"):].split()
                    options = {w.split("=")[0]: w.split("=")[1] for w in words if "=" in w and w.split("=")[0] in ("rtol", "points")}
                    answer = " ".join(w for w in words if w.split("=")[0] not in ("rtol", "points"))
                    numeric = not re.fullmatch(r"[A-Za-z]\w*", answer)
                    ex.solution = f"{ex.id} = {answer}" if numeric else f'{ex.id} = "{answer}"'
                    check = Check("answer " + ex.id)
                    check.points = float(options.get("points", 1))
                    ex.checks.append(check)
            script.append(ex.solution)
            found[ex.id] = ex
            order.append(ex)
        elif "mutant" in attrs:
            found[attrs["mutant"]].mutants.append(code)
        elif "check" in attrs:
            for line in code.split("\n"):
                line = line.strip()
                if line and not line.startswith("#"):
                    found[attrs["check"]].checks.append(Check(line))
        elif not info.split():
            script.append(code)  # a plain cell (not `unroll assert`, whose names never leak)
    return order


def submission(parts):
    """A submission file's text from (exercise id, code) pairs."""
    return "".join(f"#: exercise {ex}\n{code}\n" for ex, code in parts)


def grade(binary, env, *args, timeout=600):
    """`unroll grade ARGS…` (each argument turned into a string)."""
    return subprocess.run([binary, "grade", *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout)


def grade_json(binary, env, *args):
    """`unroll grade ARGS… --json`, parsed; fails the test if grading itself failed."""
    done = grade(binary, env, *args, "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done


def scores_by_exercise(results):
    """{exercise id: (score, max)} from Gradescope results.json."""
    table = {}
    for test in results["tests"]:
        ex = test["name"].split(":", 1)[0]
        got, full = table.get(ex, (0, 0))
        table[ex] = (got + test["score"], full + test["max_score"])
    return table


def reference_values(binary, env, number, exercise, expressions):
    """The reference session's values of `expressions` right after `exercise`'s
    solution, computed by `unroll run --json` (full float64 precision)."""
    return reference_values_after(binary, env, number, {exercise.id: expressions})[exercise.id]


def reference_values_after(binary, env, number, probes):
    """{exercise id: values}: for each exercise in `probes`, the reference session's
    values of its expressions right after its solution, all from one `unroll run --json`."""
    script, consumed = [], 0
    for ex in exercises(number):
        # cells_before grows by the earlier solution and the plain cells after it.
        script += ex.cells_before[consumed:]
        script.append(ex.solution)
        consumed = len(ex.cells_before) + 1
        for e in probes.get(ex.id, []):
            script.append(f'print("__probe_begin")\n__probe = {e}\n__probe')
    done = subprocess.run([binary, "run", "--json", "-"], input="\n".join(script) + "\n", capture_output=True,
                          text=True, env=env, timeout=600)
    values, collecting = [], False
    for line in done.stdout.splitlines():
        item = json.loads(line)
        if item.get("stdout") == "__probe_begin\n":
            collecting = True
        elif collecting and "value" in item:
            values.append(item["value"])
            collecting = False
    found, at = {}, 0
    for ex in exercises(number):
        wanted = probes.get(ex.id, [])
        found[ex.id] = values[at:at + len(wanted)]
        at += len(wanted)
    assert at == len(values), f"lesson {number}: some probes failed to run:\n{done.stderr}"
    return found


def telling_numbers(value):
    """The numbers of a value that would give it away if printed: not round ones."""
    data = value.get("data", []) if isinstance(value, dict) else []
    flat = []
    def walk(x):
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, (int, float)):
            flat.append(float(x))
    walk(data)
    return [x for x in flat if abs(x) >= 1e-3 and abs(x * 100 - round(x * 100)) > 1e-6]


def printed_forms(x):
    """How the grader or the language might print x: 6 and 4 decimals, full precision."""
    forms = {repr(x)}
    for digits in (6, 4):
        text = f"{x:.{digits}f}".rstrip("0")
        if len(text.replace("-", "").replace("0.", "").lstrip("0")) >= 3:
            forms.add(text)
    return forms


def answer_names(code):
    """Top-level names a piece of code assigns or defines (a rough reading, enough for answers)."""
    names = []
    for line in code.split("\n"):
        if line[:1] in (" ", "\t", "}"):
            continue
        m = re.match(r"def\s+(\w+)\s*\(([^)]*)\)", line)
        if m:
            names.append((m.group(1), [p.strip() for p in m.group(2).split(",") if p.strip()]))
            continue
        m = re.match(r"([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*=[^=]", line)
        if m:
            for name in m.group(1).split(","):
                names.append((name.strip(), None))
    return names


def nothing_answer(binary, env, number, exercise):
    """An answer that computes nothing: every name the solution defines, as zeros of the
    reference value's shape, and every function it defines as one returning 0."""
    names = answer_names(exercise.solution)
    values = [n for n, params in names if params is None]
    shapes = dict(zip(values, reference_values(binary, env, number, exercise, values)))
    lines = []
    for name, params in names:
        if params is not None:
            lines.append(f"def {name}({', '.join(params)}) = 0")
        else:
            value = shapes.get(name)
            shape = value.get("shape") if isinstance(value, dict) else None
            lines.append(f"{name} = zeros({', '.join(map(str, shape))})" if shape else f"{name} = 0")
    return "\n".join(lines)
