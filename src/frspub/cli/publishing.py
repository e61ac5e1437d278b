"""Commands that publish: ``build``, ``site`` and ``serve``."""
from __future__ import annotations

import argparse

from frspub.cli.options import languages, project_of
from frspub.project import FORMATS


def cmd_build(args: argparse.Namespace) -> int:
    from frspub.build import spare

    formats = tuple(f for f in FORMATS if not args.format or f in args.format)
    project = project_of(args)
    if not args.site_only and spare.worth(project, formats, args.jobs, args.force):
        spare.fork(project.templates)  # the PDF's process imports WeasyPrint while this one imports frspub
    try:
        from frspub.build import run as build

        build.build(project, languages(project, args.lang), formats, site=not args.no_site, workers=args.jobs,
                    force=args.force, shard=args.shard, strict=args.strict, site_only=args.site_only)
    finally:
        spare.dismiss()
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from frspub.build import run as build

    build.build(project_of(args), site_only=True, force=args.force)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from frspub.preview import serve

    return serve.serve(project_of(args), args.port, build_first=not args.no_build)
