// Only the declaration in include/driver.h: libFuzzer defines the function.
