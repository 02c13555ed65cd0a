import CFuzzDriver
import Foundation
import ShuyuFuzzing

// Hands each input libFuzzer makes to the `tbx` harness (see FuzzHarness).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
    FuzzHarness.targets["tbx"]!(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
})
