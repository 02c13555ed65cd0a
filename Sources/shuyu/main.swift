import ShuyuCLI

ShuyuCommand.runAndExit()
