"""``python -m claimgraph`` runs the command line."""
from .cli import main

main()
