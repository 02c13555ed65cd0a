#ifndef SHUYU_FUZZ_DRIVER_H
#define SHUYU_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

// libFuzzer's driver (LLVM 11 and later), for programs that have a main of their own:
// SwiftPM gives every executable target one.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
