"""CPU time (time.process_time) of checking one 500-park chunk (DataChecker.check_population:
integrity rules and every compiled check), best of N runs, on a population built as a
load builds it.

    python benchmarks/check_profile.py [runs]"""

import sys
import tempfile
import time
from pathlib import Path

from parkstar.engine import Rater
from parkstar.engine.population import Population
from parkstar.generate import write_population
from parkstar.quality import checker


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    rater, check = Rater(), checker()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chunk.nt"
        write_population(path, parks=500, seed=2025)
        times = []
        for _ in range(runs):
            population = Population.build(path, rater.deriver)
            start = time.process_time()
            problems = check.check_population(population)
            times.append(time.process_time() - start)
    print(f"check_population {min(times):6.3f} s CPU (best of {runs}), {len(problems)} problems")


if __name__ == "__main__":
    main()
