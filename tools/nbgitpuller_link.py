"""The nbgitpuller link that opens a notebook of a git repository on a JupyterHub.

A student who follows it logs in to the hub (if not logged in yet), nbgitpuller clones the
repository into their home folder, into a folder named after the repository, or, when they follow
it again later, merges the lecturer's new commits into their copy without losing their own changes;
then the notebook opens in JupyterLab (or in the classic interface). The hub needs nbgitpuller in its
users' environment (docs/teaching.md, "JupyterHub").

    python tools/nbgitpuller_link.py --hub https://hub.example.org \\
        --repo https://github.com/USER/REPO --branch main --notebook 04_one_step_at_a_time.ipynb

For the course repository itself the notebooks are in a folder: ``--notebook notebooks/04_...``.
"""

from __future__ import annotations

import argparse
from urllib.parse import urlencode

INTERFACES = {"lab": "lab/tree/", "classic": "tree/"}  # what nbgitpuller's own link generator writes


def clone_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into, in the user's home: the URL's last part.

    That is nbgitpuller's own default (``repo.rstrip('/').split('/')[-1]`` in its handlers), which
    keeps a trailing ``.git``: ``https://host/u/course.git`` is cloned into ``course.git``.

    >>> clone_folder("https://github.com/a-teacher/class-2027/")
    'class-2027'
    """
    folder = repo.rstrip("/").split("/")[-1]
    if not folder or folder in (".", ".."):
        raise ValueError(f"repo must be a git repository's URL ending in its name; got {repo!r}")
    return folder


def nbgitpuller_link(hub: str, repo: str, branch: str, notebook: str, interface: str = "lab") -> str:
    """The link that pulls ``branch`` of ``repo`` for the user of ``hub`` and opens ``notebook``.

    ``notebook`` is the notebook's path inside the repository; ``interface`` is "lab" (JupyterLab)
    or "classic" (the classic notebook's file tree). The query is form-encoded, as nbgitpuller's
    link generator encodes it (``/`` as ``%2F``, ``:`` as ``%3A``, a space as ``+``).
    """
    if not hub.startswith(("http://", "https://")):
        raise ValueError(f"hub must be the hub's address, starting with http:// or https://; got {hub!r}")
    if interface not in INTERFACES:
        raise ValueError(f"interface must be one of {sorted(INTERFACES)}; got {interface!r}")
    if not branch:
        raise ValueError("branch must be a branch's name; got an empty one")
    path = notebook.strip("/")
    if not path:
        raise ValueError("notebook must be a notebook's path inside the repository; got an empty one")
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"{INTERFACES[interface]}{clone_folder(repo)}/{path}"}
    )
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    parser.add_argument("--repo", required=True, help="the git repository's URL, as git clone takes it")
    parser.add_argument("--branch", default="main", help="the branch to pull (default: main)")
    parser.add_argument("--notebook", required=True, help="the notebook's path inside the repository")
    parser.add_argument("--interface", choices=sorted(INTERFACES), default="lab")
    args = parser.parse_args(argv)
    try:
        print(nbgitpuller_link(args.hub, args.repo, args.branch, args.notebook, args.interface))
    except ValueError as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
