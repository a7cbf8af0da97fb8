import sys
from pathlib import Path

WORKSPACE = Path(__file__).resolve().parent.parent / "workspace"
if str(WORKSPACE) not in sys.path:
    sys.path.insert(0, str(WORKSPACE))
