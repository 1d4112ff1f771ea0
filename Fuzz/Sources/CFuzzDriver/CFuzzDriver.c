// Declarations only (include/CFuzzDriver.h); libFuzzer, linked by -sanitize=fuzzer, defines the function.
#include "CFuzzDriver.h"
