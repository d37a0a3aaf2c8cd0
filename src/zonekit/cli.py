"""The ``zonekit`` command.

Bad input never gives a traceback: the command prints one line ``zonekit: error: FILE: problem``
and exits with status 2. Set ``ZONEKIT_DEBUG=1`` to see the traceback of an unexpected error.
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


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="zonekit", description="Turn a policy plan into coded tables, a graph and "
                "charts.")
    p.add_argument("--version", action="version", version=f"zonekit {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    ex = sub.add_parser("extract", help="code a plan and write its tables and graph",
                        description="Code plan text(s) and write tasks.csv, mentions.csv, "
                        "entities.csv, graph.graphml, graph.gexf and graph.json into DIR.")
    ex.add_argument("source", nargs="+", metavar="SOURCE",
                    help="plan text file(s) or folder(s) of .txt/.md files")
    ex.add_argument("--out", required=True, metavar="DIR", help="output folder")
    ex.add_argument("--codebook", metavar="FILE", help="YAML codebook extending the default")
    ex.add_argument("--encoding", metavar="ENC", help="force the text encoding (default: detect)")
    ex.add_argument("--max-size", type=_size, default=None, metavar="MB",
                    help="refuse files larger than this many megabytes (default 50)")
    ex.add_argument("--force", action="store_true", help="write into a non-empty DIR")
    return p


def _extract(args) -> int:
    from .export import write_extract
    from .plan import load_plan
    from .sources import DEFAULT_MAX_BYTES

    plan = load_plan(args.source, codebook=args.codebook, encoding=args.encoding,
                     max_bytes=args.max_size or DEFAULT_MAX_BYTES)
    paths = write_extract(plan, args.out, force=args.force)
    kinds = plan.entities["kind"].value_counts()
    n = len(plan.sources)
    print(f"zonekit: {n} document{'s' if n != 1 else ''}, {len(plan.tasks)} tasks, "
          f"{len(plan.mentions)} mentions, {len(plan.entities)} entities "
          f"({kinds.get('sector', 0)} sectors, {kinds.get('partner', 0)} partners, "
          f"{kinds.get('instrument', 0)} instruments)")
    for path in paths:
        print(f"  wrote {path}")
    return 0


def main(argv=None) -> int:
    """Run the command line; return the exit status.

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
        return _extract(args)
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
