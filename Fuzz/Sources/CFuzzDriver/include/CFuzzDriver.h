#ifndef CFUZZDRIVER_H
#define CFUZZDRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs with their own main (llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library).
// SwiftPM renames every executable's main to <module>_main on Linux, so the harnesses cannot use libFuzzer's main:
// each defines <module>_main and calls this.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*UserCb)(const uint8_t *Data, size_t Size));

#endif
