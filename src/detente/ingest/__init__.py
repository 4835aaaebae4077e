"""Reading articles and cleaning their text: :mod:`.readers`, :mod:`.dates`, :mod:`.normalize`."""

from detente.ingest.normalize import Normalized, normalize
from detente.ingest.readers import Problem, read_inputs

__all__ = ["Normalized", "Problem", "normalize", "read_inputs"]
