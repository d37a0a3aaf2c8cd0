"""The ``zonekit`` command.

Bad input never gives a traceback: the command prints one line ``zonekit: error: FILE: problem``
and exits with status 2. Set ``ZONEKIT_DEBUG=1`` to see the traceback of an unexpected error.

Exit status: 0 done; 2 bad input (nothing written); 3 done, but a folder held files that could
not be read: each is reported on stderr (``zonekit: skipped FILE: problem``) and listed in
``skipped.csv`` with the outputs; 1 an unexpected error (a bug); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .errors import ZonekitError

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2
        raise _UsageError(f"{message} (see '{self.prog} --help')")


class _UsageError(Exception):
    pass


def _size(text: str) -> int:
    try:
        mb = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {text!r}") from None
    if mb <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return int(mb * 1024 * 1024)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="zonekit", description="Turn a policy plan into coded tables, a graph and "
                "charts.")
    p.add_argument("--version", action="version", version=f"zonekit {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    ex = sub.add_parser("extract", help="code a plan and write its tables and graph",
                        description="Code plan text(s) and write tasks.csv, mentions.csv, "
                        "entities.csv, documents.csv, graph.graphml, graph.gexf and graph.json "
                        "into DIR (with --template also hand_coding_template.csv).")
    ex.add_argument("source", nargs="+", metavar="SOURCE",
                    help="plan file(s) (.txt, .md, .html, .pdf, .docx, .doc) or folder(s) of them")
    _common(ex, out_required=True)
    ex.add_argument("--template", action="store_true",
                    help="also write hand_coding_template.csv: every sentence, coding cells "
                    "blank, to fill in for 'zonekit validate'")
    ex.add_argument("--format", choices=("csv", "parquet"), default="csv", dest="table_format",
                    help="csv (default): the tables, graph and documents as files, the corpus "
                    "held in memory; parquet: a Parquet dataset written batch by batch "
                    "(bounded memory, for large corpora; open it with zonekit.load_corpus)")
    ex.add_argument("--jobs", type=_positive, default=None, metavar="N",
                    help="processes coding documents at the same time (default: 1 for "
                    "parquet, automatic for csv)")
    ex.add_argument("--resume", action="store_true",
                    help="with --format parquet: continue an interrupted run into DIR, "
                    "coding only the documents not yet written")
    ex.add_argument("--dask", metavar="ADDRESS",
                    help="with --format parquet: code the documents on the Dask cluster at "
                    "this scheduler address (e.g. tcp://127.0.0.1:8786)")
    ex.add_argument("--batch-size", type=_positive, default=None, metavar="N",
                    help="with --format parquet: at most N documents per batch (default 256; "
                    "a batch also closes at 1 MB of text)")
    cp = sub.add_parser("compare", help="compare two plans: what was added, removed, kept",
                        description="Code plans A and B and write what changed from A to B "
                        "into DIR: summary.csv, entities.csv, links.csv, evidence.csv (the "
                        "sentences behind each item) and tool_matrix.csv (policy tools by "
                        "sector, B minus A).")
    cp.add_argument("a", metavar="A", help="the earlier plan: a text file or a folder of them")
    cp.add_argument("b", metavar="B", help="the later (or other) plan: a file or a folder")
    va = sub.add_parser("validate", help="score the coding against a hand coding",
                        description="Code plan text(s) and score the coding against a hand "
                        "coding (CSV, XLSX or YAML; 'zonekit extract SOURCE --out DIR "
                        "--template' writes a blank one): precision, recall, F1 and Cohen's "
                        "kappa per kind. With --out, also write metrics.csv, "
                        "disagreements.csv, units.csv and unaligned.csv.")
    va.add_argument("source", nargs="+", metavar="SOURCE",
                    help="plan text file(s) or folder(s) of .txt/.md files")
    va.add_argument("--gold", required=True, metavar="FILE",
                    help="the hand coding (.csv, .xlsx, .yaml)")
    _common(cp, out_required=True)
    _common(va, out_required=False)
    br = sub.add_parser("brief", help="export charts, tables, graph and a one-page briefing",
                        description="Code plan text(s) (default: the bundled seed plan) and "
                        "write every chart in each format, the tables as CSV and XLSX, the "
                        "graph and index.html, a one-page briefing, into DIR.")
    br.add_argument("source", nargs="*", metavar="SOURCE",
                    help="plan text file(s) or folder(s) (default: the bundled seed plan)")
    br.add_argument("--format", type=_formats, default=None, metavar="LIST",
                    help="chart formats, comma-separated: png,svg,pdf,html (default: all)")
    br.add_argument("--lang", choices=("auto", "en", "zh"), default="auto",
                    help="language of findings, charts and page (default: the documents')")
    br.add_argument("--size", choices=("slide", "a4", "square"), default="slide",
                    help="chart size: slide 1280x720, a4 1123x794, square 1080x1080 "
                    "(PNG at 2x)")
    _common(br, out_required=True)
    sg = sub.add_parser("suggest", help="terms a codebook misses, to grow it",
                        description="Code plan text(s) and list the terms frequent in tasks "
                        "that no codebook entity covers, with counts and a keyword-in-context "
                        "example (CSV). With --parallel, read aligned pairs and list, for each "
                        "entity, words of the other language that go with it (Dice), as alias "
                        "candidates. Nothing is added to a codebook.")
    sg.add_argument("source", nargs="*", metavar="SOURCE",
                    help="plan text file(s) or folder(s) (default: the bundled seed plan)")
    sg.add_argument("--parallel", nargs="+", metavar="PAIRS.tsv",
                    help="aligned pairs, tab-separated with a header (instead of SOURCE)")
    sg.add_argument("--columns", type=_columns, default=("zh", "en"), metavar="A,B",
                    help="the two text columns of PAIRS.tsv (default: zh,en)")
    sg.add_argument("--min-count", type=_positive, default=2, metavar="N",
                    help="fewest tasks (or pairs mended) a term needs (default 2)")
    sg.add_argument("--top", type=_positive, default=200, metavar="N",
                    help="keep the N best terms, ties included (default 200)")
    sg.add_argument("--out", metavar="FILE.csv", help="write the CSV here (default: print it)")
    sg.add_argument("--codebook", metavar="FILE", help="YAML codebook extending the default")
    sg.add_argument("--encoding", metavar="ENC", help="force the text encoding (default: detect)")
    sg.add_argument("--force", action="store_true", help="overwrite FILE.csv")
    ag = sub.add_parser("agreement", help="does the codebook code a text and its translation "
                        "alike?", description="Code both sides of aligned pairs and report "
                        "task agreement (pairs that are a task on both sides / on either), "
                        "modality agreement (same modality / task on both) and entity-coding "
                        "agreement (codings on both sides / on either, over pairs that are a "
                        "task on both), with the pairs that disagree (--out).")
    ag.add_argument("pairs", nargs="+", metavar="PAIRS.tsv",
                    help="aligned pairs, tab-separated with a header row")
    ag.add_argument("--columns", type=_columns, default=("zh", "en"), metavar="A,B",
                    help="the two text columns (default: zh,en)")
    ag.add_argument("--codebook", metavar="FILE", help="YAML codebook extending the default")
    ag.add_argument("--out", metavar="DIR", help="write agreement.csv, disagreements.csv and "
                    "pairs.csv into DIR")
    ag.add_argument("--force", action="store_true", help="write into a non-empty DIR")
    return p


def _columns(text: str) -> tuple:
    items = [c.strip() for c in text.split(",")]
    if len(items) != 2 or not all(items) or items[0] == items[1]:
        raise argparse.ArgumentTypeError(f"two different column names like zh,en, not {text!r}")
    return tuple(items)


def _common(sub: argparse.ArgumentParser, out_required: bool) -> None:
    """The options every command that reads plans and writes a folder shares."""
    sub.add_argument("--out", required=out_required, metavar="DIR",
                     help="output folder" + ("" if out_required else " (optional)"))
    sub.add_argument("--codebook", metavar="FILE", help="YAML codebook extending the default")
    sub.add_argument("--encoding", metavar="ENC", help="force the text encoding (default: detect)")
    sub.add_argument("--max-size", type=_size, default=None, metavar="MB",
                     help="refuse files larger than this many megabytes (default 50)")
    sub.add_argument("--force", action="store_true", help="write into a non-empty DIR")
    sub.add_argument("--glob", metavar="PATTERN", default=None,
                     help="in folders, read only the files PATTERN picks ('*.pdf': that folder; "
                     "'**/*.md': every folder below); default every .txt, .md, .html, .pdf, "
                     ".docx and .doc file, recursively")


def _formats(text: str) -> tuple:
    from .briefing import FORMATS  # no plotly import

    items = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise argparse.ArgumentTypeError(
            f"unknown format {bad[0] if bad else text!r}; choose from {','.join(FORMATS)}")
    return tuple(dict.fromkeys(items))


def _brief(args) -> int:
    from .briefing import FORMATS, brief
    from .errors import BrowserError
    from .export import check_output
    from .plan import load_plan
    from .read import DEFAULT_MAX_BYTES

    check_output(args.out, force=args.force)  # before reading and coding
    plan = load_plan(args.source or None, codebook=args.codebook, encoding=args.encoding,
                     max_bytes=args.max_size or DEFAULT_MAX_BYTES, glob=args.glob)
    try:
        result = brief(plan, args.out, formats=args.format or FORMATS, size=args.size, lang=args.lang,
                       force=args.force, progress=None)
    except BrowserError as e:
        if e.written:
            print(f"zonekit brief: wrote {len(e.written)} files to {args.out} (no images):")
            for path in e.written:
                print(f"  {path}")
        raise
    print(result.summary())
    return 0


def _extract(args) -> int:
    from .export import check_output, write_folder
    from .plan import load_plan
    from .read import DEFAULT_MAX_BYTES

    if args.table_format == "parquet":
        return _extract_parquet(args)
    for flag, given in (("--resume", args.resume), ("--dask", args.dask),
                        ("--batch-size", args.batch_size)):
        if given:
            raise _UsageError(f"{flag} needs --format parquet (see 'zonekit extract --help')")
    check_output(args.out, force=args.force)  # before the slow part
    plan = load_plan(args.source, codebook=args.codebook, encoding=args.encoding,
                     max_bytes=args.max_size or DEFAULT_MAX_BYTES, n_jobs=args.jobs, glob=args.glob)
    files = plan.files()
    if args.template:
        from .validation import TEMPLATE_FILE, hand_coding_template

        files[TEMPLATE_FILE] = hand_coding_template(plan)
    paths = write_folder(files, args.out, force=args.force)
    kinds = plan.entities["kind"].value_counts()
    n = len(plan.sources)
    print(f"zonekit: {n} document{'s' if n != 1 else ''}, {len(plan.tasks)} tasks, "
          f"{len(plan.mentions)} mentions, {len(plan.entities)} entities "
          f"({kinds.get('sector', 0)} sectors, {kinds.get('partner', 0)} partners, "
          f"{kinds.get('instrument', 0)} instruments)")
    for path in paths:
        print(f"  wrote {path}")
    _report_no_tasks(plan)
    return _report_skipped(plan)


def _report_no_tasks(plan, most: int = 10) -> None:
    """One line for each document read that gave no task, saying why (the first ``most``)."""
    docs = plan.documents
    empty = docs[docs["n_tasks"] == 0]
    n_sentences = plan.segments[plan.segments["kind"] == "sentence"].groupby("doc_id").size()
    for row in empty.head(most).itertuples(index=False):
        n = int(n_sentences.get(row.doc_id, 0))
        why = (f"{n} sentence{'s' if n != 1 else ''}, none commits to an action" if n
               else "no sentence left after cleaning")
        print(f"  no tasks in {row.path or row.doc_id}: {why}")
    if len(empty) > most:
        print(f"  ... and {len(empty) - most} more documents without tasks (n_tasks = 0 in "
              f"documents.csv)")


def _report_skipped(plan) -> int:
    """Say which files of the folders were not read; the exit status (3 if some could not be)."""
    from .read import OTHER_FORMAT

    skipped = plan.skipped
    if skipped.empty:
        return 0
    bad = ~skipped["reason"].str.startswith(OTHER_FORMAT)
    for row in skipped[bad].itertuples(index=False):
        print(f"zonekit: skipped {row.path}: {row.reason}", file=sys.stderr)
    other = skipped.loc[~bad, "reason"].value_counts()
    parts = [f"{int(n)} {reason}" for reason, n in other.items()]
    print(f"zonekit: {len(skipped)} file{'s' if len(skipped) != 1 else ''} not read: "
          f"{int(bad.sum())} could not be read" + (f", {', '.join(parts)}" if parts else "") +
          " (see skipped.csv)", file=sys.stderr)
    return 3 if bad.any() else 0


def _extract_parquet(args) -> int:
    from .corpus import BATCH_DOCS, extract_corpus
    from .read import DEFAULT_MAX_BYTES

    if args.template:
        raise _UsageError("--template needs --format csv (see 'zonekit extract --help')")
    if args.resume and args.force:
        raise _UsageError("--resume and --force cannot be used together")
    options = dict(resume=args.resume, force=args.force, encoding=args.encoding,
                   max_bytes=args.max_size or DEFAULT_MAX_BYTES,
                   batch_docs=args.batch_size or BATCH_DOCS, progress=None)
    if args.dask:
        client = _dask_client(args.dask)
        try:
            run = extract_corpus(args.source, args.out, args.codebook, client=client, **options)
        finally:
            client.close()
    else:
        run = extract_corpus(args.source, args.out, args.codebook, jobs=args.jobs or 1,
                             **options)
    before = run.n_documents - run.coded
    print(f"zonekit: {run.n_documents} document{'s' if run.n_documents != 1 else ''}"
          f"{f' ({before} from the earlier run)' if before else ''}, {run.n_tasks} tasks, "
          f"{run.n_mentions} mentions in {run.seconds:.1f} s; {len(run.skipped)} skipped")
    for path, reason in run.skipped:
        print(f"  skipped {path}: {reason}")
    print(f"  wrote {run.out} (Parquet dataset; zonekit.load_corpus({str(run.out)!r}))")
    return 0


def _dask_client(address: str):
    from .errors import ZonekitError

    try:
        from distributed import Client
    except ImportError:
        raise ZonekitError("--dask needs the 'distributed' package (pip install "
                           "'zonekit[all]')") from None
    try:
        return Client(address, timeout=10)
    except (OSError, TimeoutError, ValueError) as e:
        raise ZonekitError(f"{address}: cannot reach the Dask scheduler ({e})") from None


def _compare(args) -> int:
    from .comparison import compare
    from .export import check_output, write_folder
    from .plan import load_plan
    from .read import DEFAULT_MAX_BYTES

    check_output(args.out, force=args.force)  # before the slow part
    plans = [load_plan(src, codebook=args.codebook, encoding=args.encoding,
                       max_bytes=args.max_size or DEFAULT_MAX_BYTES, glob=args.glob)
             for src in (args.a, args.b)]
    cmp = compare(*plans)
    paths = write_folder(cmp.files(), args.out, force=args.force)
    print(f"zonekit: from A ({cmp.names[0]}, {len(cmp.a.tasks)} tasks) to B ({cmp.names[1]}, "
          f"{len(cmp.b.tasks)} tasks):")
    print("\n".join("  " + line for line in cmp.summary.to_string().splitlines()))
    for path in paths:
        print(f"  wrote {path}")
    return 0


def _validate(args) -> int:
    from .export import check_output, write_folder
    from .plan import load_plan
    from .read import DEFAULT_MAX_BYTES
    from .validation import validate

    if args.out:
        check_output(args.out, force=args.force)
    plan = load_plan(args.source, codebook=args.codebook, encoding=args.encoding,
                     max_bytes=args.max_size or DEFAULT_MAX_BYTES, glob=args.glob)
    v = validate(plan, args.gold)
    n_gold, n_auto = int(v.units["gold_task"].sum()), int(v.units["auto_task"].sum())
    print(f"zonekit: {len(v.documents)} document{'s' if len(v.documents) != 1 else ''} scored, "
          f"{n_gold} hand-coded tasks, {n_auto} detected, {len(v.disagreements)} "
          f"disagreements")
    print(v.table())
    for row in v.unaligned.itertuples(index=False):
        print(f"  left out: {args.gold}: row {row.row}: {row.problem}")
    if args.out:
        for path in write_folder(v.files(), args.out, force=args.force):
            print(f"  wrote {path}")
    return 0


def _suggest(args) -> int:
    from .export import check_file, write_csv
    from .suggest import suggest, suggest_parallel

    if args.parallel and args.source:
        raise _UsageError("give SOURCE or --parallel PAIRS.tsv, not both")
    if args.out:
        check_file(args.out, force=args.force)
    if args.parallel:
        table = suggest_parallel(args.parallel, codebook=args.codebook, columns=args.columns,
                                 min_count=args.min_count)
        what = f"{len(table)} alias candidates for {table['entity_id'].nunique()} entities"
    else:
        from .plan import load_plan

        plan = load_plan(args.source or None, codebook=args.codebook, encoding=args.encoding)
        table = suggest(plan, min_count=args.min_count, top=args.top)
        what = f"{len(table)} uncovered terms in {len(plan.tasks)} tasks"
    if args.out:
        write_csv(table, args.out)
        print(f"zonekit: {what}; wrote {args.out}")
    else:
        from .export import file_table

        print(file_table(table).to_csv(index=False), end="")
    return 0


def _agreement(args) -> int:
    from .agreement import agreement
    from .export import check_output, write_folder

    if args.out:
        check_output(args.out, force=args.force)
    a = agreement(args.pairs, codebook=args.codebook, columns=args.columns)
    print(f"zonekit: {len(a.pairs)} pairs, {len(a.disagreements)} disagree")
    print(a.table())
    if args.out:
        for path in write_folder(a.files(), args.out, force=args.force):
            print(f"  wrote {path}")
    return 0


_COMMANDS = {"extract": _extract, "brief": _brief, "compare": _compare, "validate": _validate,
             "suggest": _suggest, "agreement": _agreement}


def main(argv=None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments after ``zonekit`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success; 2 for bad input (printed as ``zonekit: error: ...``); 3 when outputs
        were written but files in a folder could not be read (each reported, and listed in
        ``skipped.csv``); 130 when interrupted; 1 for an unexpected error.

    Examples
    --------
    >>> main(["extract", "no-such-file.txt", "--out", "x"])
    2
    """
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help()
            return 2
        return _COMMANDS[args.command](args)
    except (ZonekitError, _UsageError) as e:
        print(f"zonekit: error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        print(f"zonekit: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zonekit: interrupted; existing outputs were left as they were", file=sys.stderr)
        return 130
    except Exception as e:  # a bug: still one line, unless debugging
        if os.environ.get("ZONEKIT_DEBUG"):
            raise
        print(f"zonekit: error: unexpected {type(e).__name__}: {e} (set ZONEKIT_DEBUG=1 for "
              f"details and please report it)", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
