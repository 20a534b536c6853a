"""The pull-request bot: git branch work (branch.py), the code-hosting REST API (github.py), and
the two together for one wave (pr.py)."""
