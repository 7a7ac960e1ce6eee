#!/usr/bin/python3
"""Checks the layering rules of docs/architecture.md; run by `make test` (ctest: layers).

1. A module (a folder of src/) includes only the public headers of the modules it may
   use, and never another module's private files.
2. A public header (include/infergy/) includes only headers of the modules its own
   module may use.
3. SQLite and SQL statements appear only in src/store/.
4. A source file over 400 lines says why near its top ("Over 400 lines: ...").
Prints every violation as file:line: message and exits 1 if there is any.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

# Which modules each module may include (besides itself). Keep in step with
# docs/architecture.md and with target_link_libraries in src/CMakeLists.txt.
ALLOWED = {
    "common": set(),
    "stats": {"common"},
    "catalog": {"common"},
    "estimate": {"catalog", "common"},
    "analysis": {"estimate", "stats", "catalog", "common"},
    "power": {"common"},
    "measure": {"power", "stats", "common"},
    "profile": {"common"},
    "compare": {"estimate", "stats", "catalog", "common"},
    "calibrate": {"compare", "estimate", "stats", "catalog", "common"},
    "importers": {"compare", "measure", "power", "stats", "estimate", "catalog", "common"},
    "campaign": {"importers", "compare", "measure", "power", "stats", "estimate", "catalog",
                 "common"},
    "store": {"campaign", "calibrate", "compare", "measure", "power", "stats", "estimate",
              "catalog", "common"},
    "report": {"calibrate", "analysis", "compare", "measure", "power", "estimate", "stats",
               "catalog", "common"},
    "server": {"calibrate", "compare", "measure", "power", "estimate", "stats", "catalog",
               "common"},
    "cli": None,  # the entry point may use every module
    # The Python binding: an entry point like cli, for what a Python program measures.
    "python": {"store", "measure", "power", "profile", "estimate", "compare", "stats",
               "catalog", "common"},
}

# The module each public header belongs to.
HEADER_MODULE = {
    "error": "common", "csv": "common", "dates": "common", "embedded": "common",
    "output": "common", "version": "common", "units": "common", "parse": "common",
    "text": "common", "suggest": "common",
    "stats": "stats",
    "catalog": "catalog", "catalog_repository": "catalog",
    "estimate": "estimate",
    "analysis": "analysis",
    "power": "power",
    "measure": "measure", "runs": "measure", "session": "measure", "workloads": "measure",
    "worker": "measure",
    "profile": "profile",
    "compare": "compare", "setup_repository": "compare", "compare_figures": "compare",
    "calibrate": "calibrate", "calibration_repository": "calibrate",
    "importers": "importers",
    "campaign": "campaign", "campaign_repository": "campaign", "campaign_worker": "campaign",
    "store": "store",
    "report": "report", "run_figures": "report",
    "server": "server",
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SQL = re.compile(r'"\s*(SELECT\s|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)',
                 re.IGNORECASE)
REASON = "Over 400 lines:"


def module_of_header(name, where, problems):
    stem = pathlib.PurePosixPath(name).stem
    module = HEADER_MODULE.get(stem)
    if module is None:
        problems.append(f"{where}: public header infergy/{stem}.hpp has no module in "
                        "scripts/check_layers.py (add it)")
    return module


def check_include(path, line_no, target, module, problems):
    where = f"{path.relative_to(ROOT)}:{line_no}"
    allowed = ALLOWED[module]
    if target.startswith("infergy/"):
        used = module_of_header(target[len("infergy/"):], where, problems)
        if used and used != module and allowed is not None and used not in allowed:
            problems.append(f"{where}: module '{module}' may not include {target} "
                            f"(module '{used}')")
        return
    # A private header: from the file's own folder, inside its own module only.
    resolved = (path.parent / target).resolve()
    if not resolved.exists():
        resolved = (ROOT / "src" / target).resolve()
    if not resolved.is_relative_to(ROOT / "src" / module):
        problems.append(f"{where}: '{target}' is not a header of module '{module}'")


def check_file(path, module, problems):
    lines = path.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines, 1):
        m = INCLUDE.match(line)
        if m:
            check_include(path, i, m.group(1), module, problems)
        if module != "store" and ("sqlite3" in line or SQL.search(line)):
            problems.append(f"{path.relative_to(ROOT)}:{i}: SQL or SQLite outside src/store")
    check_length(path, lines, problems)


def check_length(path, lines, problems):
    if len(lines) > 400 and not any(REASON in l for l in lines[:8]):
        problems.append(f"{path.relative_to(ROOT)}:1: {len(lines)} lines; split it or say why "
                        f"near the top ('{REASON} ...')")


def main():
    problems = []
    for folder in sorted((ROOT / "src").iterdir()):
        if not folder.is_dir():
            continue
        if folder.name not in ALLOWED:
            problems.append(f"src/{folder.name}: a module unknown to scripts/check_layers.py")
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".cpp", ".hpp"):
                check_file(path, folder.name, problems)
    for path in sorted((ROOT / "include" / "infergy").glob("*.hpp")):
        module = module_of_header(path.name, str(path.relative_to(ROOT)), problems)
        if module:
            check_file(path, module, problems)
    for path in sorted((ROOT / "tests").rglob("*.[ch]pp")):
        check_length(path, path.read_text(encoding="utf-8").splitlines(), problems)
    for p in problems:
        print(p)
    print(f"layers: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
