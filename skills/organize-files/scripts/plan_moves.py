#!/usr/bin/env python3
"""Plan (and, once approved, apply) a reorganisation of a folder.

Surveys the files directly in ROOT (or every file below it with
--include-subfolders), decides where each belongs, and prints the plan as JSON.
Nothing moves unless --apply is given. Python 3 standard library only.

  plan_moves.py ROOT --by type|date|type-date [--rename keep|normalize|prefix]
                [--include-subfolders] [--summary NAME.md]
                [--apply] [--from-plan PLAN.json]

Grouping (--by):
  type       Documents/, Spreadsheets/, Images/ ... from the file extension
  date       YYYY/YYYY-MM/ from a date in the name, else the modified time
  type-date  Documents/YYYY/ ...
Renaming (--rename):
  keep       names unchanged
  normalize  a date written another way in the name becomes YYYY-MM-DD (default)
  prefix     as normalize, and names without a date get a "YYYY-MM-DD " prefix
Hidden files, symlinks and the summary file are never moved. Names that would
collide get " (2)", " (3)" ... before the extension. With --apply the moves are
made in one run and a Markdown summary of what moved where is written into ROOT.
--from-plan applies exactly a plan printed earlier (after the person approved it).
Exit status: 0 ok, 1 some moves failed, 2 bad arguments.
"""

import argparse
import datetime as dt
import hashlib
import json
import os
import re
import sys
import unicodedata

CATEGORIES = {
    "Documents": "pdf doc docx odt rtf txt md markdown pages tex epub",
    "Spreadsheets": "xls xlsx xlsm ods csv tsv numbers",
    "Presentations": "ppt pptx odp key",
    "Images": "jpg jpeg png gif bmp tif tiff webp heic heif svg raw cr2 nef ico",
    "Audio": "mp3 wav flac aac m4a ogg opus aiff wma",
    "Video": "mp4 mov avi mkv webm m4v wmv mpg mpeg",
    "Archives": "zip tar gz tgz bz2 xz 7z rar dmg iso",
    "Code": "py js ts tsx jsx java c h cpp cs go rs rb php sh ps1 sql json yaml yml xml html htm css ipynb",
    "Email": "eml msg mbox",
    "Calendars and contacts": "ics vcf",
    "Fonts": "ttf otf woff woff2",
}
EXT_TO_CATEGORY = {ext: cat for cat, exts in CATEGORIES.items() for ext in exts.split()}
OTHER = "Other"
DEFAULT_SUMMARY = "ORGANIZE-SUMMARY.md"

# Dates inside names. Year first: 2024-03-05, 2024_03_05, 2024.03.05, 20240305.
YMD = re.compile(r"(?<!\d)((?:19|20)\d\d)([-_. ]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
# Day first with a separator: 05.03.2024, 5-3-2024, 05_03_2024 (day before month).
DMY = re.compile(r"(?<!\d)(0?[1-9]|[12]\d|3[01])([-_.])(0?[1-9]|1[0-2])\2((?:19|20)\d\d)(?!\d)")


def find_name_date(stem):
    """(date, span, already_iso) for the first valid date in a file name, or None."""
    for pattern, order in ((YMD, "ymd"), (DMY, "dmy")):
        for m in pattern.finditer(stem):
            if order == "ymd":
                y, mo, d = int(m.group(1)), int(m.group(3)), int(m.group(4))
            else:
                d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            try:
                date = dt.date(y, mo, d)
            except ValueError:
                continue
            return date, m.span(), order == "ymd" and m.group(2) == "-"
    return None


def split_ext(name):
    """('report.final', '.pdf'); 'archive.tar.gz' keeps '.tar.gz'; dotfiles have no extension."""
    lower = name.lower()
    for double in (".tar.gz", ".tar.bz2", ".tar.xz"):
        if lower.endswith(double) and len(name) > len(double):
            return name[: -len(double)], name[-len(double):]
    stem, ext = os.path.splitext(name)
    return stem, ext


def category_of(ext):
    e = ext.lower().lstrip(".")
    if "." in e:  # tar.gz
        e = e.rsplit(".", 1)[-1]
    return EXT_TO_CATEGORY.get(e, OTHER)


def new_name(name, date, name_date, mode):
    if mode == "keep":
        return name
    stem, ext = split_ext(name)
    if name_date is not None:
        _, (a, b), iso = name_date
        if iso:
            return name
        return stem[:a] + date.isoformat() + stem[b:] + ext
    if mode == "prefix":
        return f"{date.isoformat()} {name}"
    return name


def folder_for(by, category, date):
    if by == "type":
        return category
    if by == "date":
        return f"{date.year:04d}/{date.isoformat()[:7]}"
    return f"{category}/{date.year:04d}"


def fold(path):
    """Key for 'same name' checks that also holds on case-insensitive disks."""
    return unicodedata.normalize("NFC", path).casefold()


class ExistingNames:
    """What already exists in each target folder, compared case- and normalisation-insensitively."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def has(self, rel):
        head, name = os.path.split(rel)
        if head not in self.cache:
            try:
                self.cache[head] = set(fold(n) for n in os.listdir(os.path.join(self.root, head)))
            except OSError:
                self.cache[head] = set()
        return fold(name) in self.cache[head]


def with_suffix(rel, n):
    head, name = os.path.split(rel)
    stem, ext = split_ext(name)
    return os.path.join(head, f"{stem} ({n}){ext}")


def survey(root, include_subfolders, summary_rel):
    files, skipped, left_alone = [], [], []
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        rel_dir = "" if rel_dir == "." else rel_dir
        for d in sorted(dirnames):
            if d.startswith(".") or not include_subfolders:
                left_alone.append(os.path.join(rel_dir, d))
        dirnames[:] = sorted(d for d in dirnames if include_subfolders and not d.startswith("."))
        for f in sorted(filenames):
            rel = os.path.join(rel_dir, f)
            full = os.path.join(root, rel)
            if f.startswith("."):
                skipped.append({"path": rel, "reason": "hidden file"})
            elif rel == summary_rel:
                skipped.append({"path": rel, "reason": "the summary file"})
            elif os.path.islink(full):
                skipped.append({"path": rel, "reason": "symbolic link"})
            elif not os.path.isfile(full):
                skipped.append({"path": rel, "reason": "not a regular file"})
            else:
                files.append(rel)
    return files, skipped, left_alone


def make_plan(root, by, rename, include_subfolders, summary_rel):
    files, skipped, left_alone = survey(root, include_subfolders, summary_rel)
    taken = set(fold(p) for p in files)  # a file keeps its name until it is planned to move
    existing = ExistingNames(root)
    moves = []
    for rel in files:
        full = os.path.join(root, rel)
        st = os.stat(full)
        name = os.path.basename(rel)
        stem, ext = split_ext(name)
        name_date = find_name_date(stem)
        if name_date:
            date, date_source = name_date[0], "name"
        else:
            date, date_source = dt.date.fromtimestamp(st.st_mtime), "modified"
        category = category_of(ext)
        target_name = new_name(name, date, name_date, rename)
        target = os.path.join(folder_for(by, category, date), target_name)
        if fold(target) == fold(rel):
            skipped.append({"path": rel, "reason": "already in place"})
            continue
        n = 2
        candidate = target
        while fold(candidate) in taken or existing.has(candidate):
            candidate = with_suffix(target, n)
            n += 1
        taken.discard(fold(rel))
        taken.add(fold(candidate))
        moves.append({
            "from": rel, "to": candidate, "category": category, "date": date.isoformat(),
            "date_source": date_source, "renamed": os.path.basename(candidate) != name,
            "size": st.st_size,
        })
    return {
        "root": root, "by": by, "rename": rename, "moves": moves, "skipped": skipped,
        "left_alone": left_alone, "duplicates": find_duplicates(root, [m["from"] for m in moves]),
        "folders": count_folders(moves),
    }


def find_duplicates(root, rels):
    by_size = {}
    for rel in rels:
        by_size.setdefault(os.path.getsize(os.path.join(root, rel)), []).append(rel)
    groups = []
    for size, same_size in by_size.items():
        if len(same_size) < 2 or size == 0:
            continue
        by_hash = {}
        for rel in same_size:
            h = hashlib.sha256()
            with open(os.path.join(root, rel), "rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            by_hash.setdefault(h.hexdigest(), []).append(rel)
        groups.extend(sorted(g) for g in by_hash.values() if len(g) > 1)
    return sorted(groups)


def count_folders(moves):
    counts = {}
    for m in moves:
        folder = os.path.dirname(m["to"])
        counts[folder] = counts.get(folder, 0) + 1
    return dict(sorted(counts.items()))


def apply_plan(root, plan):
    done, failed = [], []
    for m in plan["moves"]:
        src = os.path.join(root, m["from"])
        try:
            if not os.path.isfile(src) or os.path.islink(src):
                raise OSError(f"{m['from']} is no longer there")
            if m.get("size") is not None and os.path.getsize(src) != m["size"]:
                raise OSError(f"{m['from']} changed since the plan was made")
            to, n = m["to"], 2
            while os.path.lexists(os.path.join(root, to)):  # appeared since planning
                to = with_suffix(m["to"], n)
                n += 1
            os.makedirs(os.path.dirname(os.path.join(root, to)) or root, exist_ok=True)
            os.rename(src, os.path.join(root, to))
            done.append(dict(m, to=to))
        except OSError as e:
            failed.append(dict(m, error=str(e)))
    return done, failed


def check_plan(plan):
    """Raise ValueError unless `plan` has the shape make_plan() prints (or a hand-written equivalent)."""
    if not isinstance(plan, dict) or not isinstance(plan.get("moves"), list):
        raise ValueError('expected {"by": ..., "moves": [{"from": ..., "to": ...}, ...]}')
    for i, m in enumerate(plan["moves"]):
        if not isinstance(m, dict) or not isinstance(m.get("from"), str) or not isinstance(m.get("to"), str):
            raise ValueError(f"move {i} needs text fields 'from' and 'to'")
        for p in (m["from"], m["to"]):
            if os.path.isabs(p) or ".." in p.split("/") or p.strip() == "":
                raise ValueError(f"move {i}: {p!r} must be a path inside the folder")
        m.setdefault("renamed", os.path.basename(m["from"]) != os.path.basename(m["to"]))
    plan.setdefault("by", "project")
    plan.setdefault("skipped", [])
    plan.setdefault("duplicates", [])
    plan.setdefault("left_alone", [])


def md(text):
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")


def write_summary(path, plan, done, failed):
    by_label = {"type": "type", "date": "date", "type-date": "type, then year"}.get(plan["by"], str(plan["by"]))
    lines = [
        f"# Files organised on {dt.date.today().isoformat()}",
        "",
        f"Grouped by {by_label}. {len(done)} file{'s' if len(done) != 1 else ''} moved into "
        f"{len(count_folders(done))} folder{'s' if len(count_folders(done)) != 1 else ''}.",
    ]
    renamed = sum(1 for m in done if m["renamed"])
    if renamed:
        lines.append(f"{renamed} file{'s were' if renamed != 1 else ' was'} renamed (dates written as YYYY-MM-DD, or a number added to avoid a clash).")
    for folder, count in count_folders(done).items():
        lines += ["", f"## {md(folder)} ({count})", "", "| Was | Now |", "|---|---|"]
        lines += [f"| {md(m['from'])} | {md(m['to'])} |" for m in done if os.path.dirname(m["to"]) == folder]
    if failed:
        lines += ["", "## Not moved (errors)", ""] + [f"- {md(m['from'])}: {md(m['error'])}" for m in failed]
    left = [s for s in plan["skipped"] if s["reason"] != "the summary file"]
    if left:
        lines += ["", "## Left where they were", ""] + [f"- {md(s['path'])} ({s['reason']})" for s in left]
    if plan.get("left_alone"):
        lines += ["", "## Folders not touched", ""] + [f"- {md(d)}/" for d in plan["left_alone"]]
    if plan["duplicates"]:
        lines += ["", "## Possible duplicates (same content, all kept)", ""]
        moved_to = {m["from"]: m["to"] for m in done}
        lines += ["- " + ", ".join(md(moved_to.get(p, p)) for p in g) for g in plan["duplicates"]]
    with open(path, "w", encoding="utf-8", errors="surrogateescape") as fh:
        fh.write("\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root")
    ap.add_argument("--by", choices=["type", "date", "type-date"], default="type")
    ap.add_argument("--rename", choices=["keep", "normalize", "prefix"], default="normalize")
    ap.add_argument("--include-subfolders", action="store_true")
    ap.add_argument("--summary", default=DEFAULT_SUMMARY, help="summary file name inside ROOT")
    ap.add_argument("--apply", action="store_true", help="make the moves and write the summary")
    ap.add_argument("--from-plan", help="with --apply: apply this saved plan instead of planning again")
    args = ap.parse_args(argv)

    root = os.path.abspath(args.root)
    if not os.path.isdir(root):
        print(f"plan_moves: {args.root} is not a folder", file=sys.stderr)
        return 2
    if os.path.isabs(args.summary) or os.sep in args.summary or args.summary.startswith("."):
        print("plan_moves: --summary must be a plain file name (it is written inside ROOT)", file=sys.stderr)
        return 2
    if args.from_plan and not args.apply:
        print("plan_moves: --from-plan only makes sense with --apply", file=sys.stderr)
        return 2

    if args.from_plan:
        try:
            with open(args.from_plan, encoding="utf-8") as fh:
                plan = json.load(fh)
            check_plan(plan)
        except (OSError, ValueError) as e:
            print(f"plan_moves: cannot read {args.from_plan}: {e}", file=sys.stderr)
            return 2
    else:
        plan = make_plan(root, args.by, args.rename, args.include_subfolders, args.summary)

    if not args.apply:
        plan["applied"] = False
        json.dump(plan, sys.stdout, indent=1)
        sys.stdout.write("\n")
        return 0

    done, failed = apply_plan(root, plan)
    write_summary(os.path.join(root, args.summary), plan, done, failed)
    result = {"applied": True, "moved": len(done), "failed": failed, "summary": args.summary, "folders": count_folders(done)}
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
