import CFuzzDriver
import Foundation
import ShuyuFuzzing

// Hands each input libFuzzer makes to the `snapshot` harness (see FuzzHarness).
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { bytes, count in
    FuzzHarness.targets["snapshot"]!(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
})
