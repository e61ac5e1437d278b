"""``frspub completion bash|zsh``: a completion script made from the parser itself."""
from __future__ import annotations

import argparse
import sys

from frspub.cli.parser import parser


def cmd_completion(args: argparse.Namespace) -> int:
    """A static completion script, made from the parser itself (no runtime dependency)."""
    p = parser()
    sub = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    words = {name: sorted({o for a in sp._actions for o in a.option_strings}) for name, sp in sub.choices.items()}
    cases = "\n".join(f"    {name}) opts=\"{' '.join(opts)}\" ;;" for name, opts in words.items())
    script = f"""_frspub() {{
  local cur cmd opts
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  cmd=""
  for w in "${{COMP_WORDS[@]:1}}"; do case "$w" in -*) ;; *) cmd="$w"; break ;; esac; done
  case "$cmd" in
{cases}
    *) opts="{' '.join(words)} -C --project -q --quiet --debug -v --verbose --version" ;;
  esac
  COMPREPLY=( $(compgen -W "$opts" -- "$cur") )
}}
complete -o default -F _frspub frspub
"""
    if args.shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    sys.stdout.write(script)
    return 0
