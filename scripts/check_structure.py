#!/usr/bin/env python3
"""The structure check run by .ci/run.

Reads every `crate::…` path in src/ (in `use` trees, however nested, and inline in code)
and fails when:
- two top-level modules of src/ reach each other (any cycle in the module graph);
- a module below the routes imports `startup` (only main.rs and cli.rs may);
- anything outside src/sandbox/ imports the sandbox (only startup.rs and cli.rs may);
- a file in src/ is over 400 lines, or a function over 80 lines;
- a link state or inquiry status is spelled as a string literal outside its enum.
It reads text only, so it runs in a second with nothing but python3.
"""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
MAX_FILE_LINES = 400
MAX_FN_LINES = 80
STARTUP_IMPORTERS = {"main", "cli"}
SANDBOX_IMPORTERS = {"startup", "cli"}
# The files that define the stored spellings of states; nothing else may spell them.
STATE_DEFINITIONS = {"domain/link_state.rs", "domain/inquiry_status.rs", "domain/message_state.rs",
                     "domain/invitation_status.rs", "domain/bulk_status.rs",
                     "sandbox/model.rs"}
STATE_WORDS = ["active", "paused", "revoked", "expired", "created", "pending", "completed",
               "failed", "approved", "declined", "needs_review"]


def rust_files():
    for dirpath, _, files in os.walk(ROOT):
        for name in sorted(files):
            if name.endswith(".rs"):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, ROOT).replace(os.sep, "/"), open(path, encoding="utf-8").read()


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def crate_targets(text):
    """Top-level modules named by `crate::` paths, including `use crate::{a, b::{c}}` trees."""
    targets = set(re.findall(r"\bcrate::([a-z_][a-z0-9_]*)", text))
    for match in re.finditer(r"\bcrate::\{", text):
        depth, i, start = 1, match.end(), match.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        inner, level, token = text[start:i - 1], 0, ""
        for ch in inner:
            if ch == "{":
                level += 1
            elif ch == "}":
                level -= 1
            elif level == 0 and ch == ",":
                token = ""
                continue
            if level == 0 and ch not in "{}":
                token += ch
                name = token.strip().split("::")[0].strip()
                if re.fullmatch(r"[a-z_][a-z0-9_]*", name) and name != "self":
                    targets.add(name)
    return targets


def long_functions(text):
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not re.match(r"\s*(pub(\([a-z]+\))?\s+)?(async\s+)?(const\s+)?fn\s+\w+", line):
            continue
        depth, opened = 0, False
        for end in range(number, len(lines)):
            depth += lines[end].count("{") - lines[end].count("}")
            opened = opened or "{" in lines[end]
            if opened and depth <= 0 or (not opened and lines[end].rstrip().endswith(";")):
                break
        length = end - number + 1
        if opened and length > MAX_FN_LINES:
            yield number + 1, re.search(r"fn\s+(\w+)", line).group(1), length


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def main():
    sys.setrecursionlimit(10000)
    problems, graph = [], {}
    for rel, raw in rust_files():
        text = strip_comments(raw)
        top = rel.split("/")[0].removesuffix(".rs")
        targets = crate_targets(text) - {top}
        if top not in ("lib",):
            graph.setdefault(top, set()).update(targets)
        if "startup" in targets and top not in STARTUP_IMPORTERS:
            problems.append(f"{rel} imports crate::startup (only main.rs and cli.rs may)")
        if "sandbox" in targets and top not in SANDBOX_IMPORTERS:
            problems.append(f"{rel} imports crate::sandbox (only startup.rs and cli.rs may)")
        line_count = raw.count("\n")
        if line_count > MAX_FILE_LINES:
            problems.append(f"{rel} has {line_count} lines (at most {MAX_FILE_LINES})")
        for line, name, length in long_functions(raw):
            problems.append(f"{rel}:{line} fn {name} has {length} lines (at most {MAX_FN_LINES})")
        if rel not in STATE_DEFINITIONS:
            for word in STATE_WORDS:
                for m in re.finditer(r'"%s"' % word, text):
                    line = text[:m.start()].count("\n") + 1
                    problems.append(f"{rel}:{line} spells the state \"{word}\" (use the enum)")
    modules = set(graph)
    graph = {m: {d for d in deps if d in modules} for m, deps in graph.items()}
    for component in cycles(graph):
        problems.append("modules that reach each other: " + " <-> ".join(component))
    for problem in problems:
        print(problem)
    print(f"structure check: {len(problems)} problem(s) in {len(graph)} top-level modules")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
