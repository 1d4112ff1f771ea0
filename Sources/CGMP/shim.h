// GMP, used only as a test oracle and a benchmark baseline (DESIGN.md §5): never on a proving path.
#include <gmp.h>
