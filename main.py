"""Run the API as the seed did: `python main.py` (production, port 80) or
`ENV=development python main.py` (port 8000, reload). Same as `talentmatch serve`."""

import sys
from pathlib import Path

# Lets `python main.py` work from a checkout even before the package is installed.
sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from talentmatch.cli.server import serve

if __name__ == "__main__":
    serve(host=None, port=None, reload=None)
