package dev.passk.cli.bench;

import java.nio.file.Path;

/**
 * @param rounds alternating rounds per side-by-side comparison (medians are taken over rounds)
 * @param quick smaller workloads (for the bounded test run and a first look)
 * @param home the repository root (the PyTorch peer script lives in bench/)
 * @param workDir where scratch files (broker data) go
 */
public record BenchSettings(int rounds, boolean quick, Path home, Path workDir) {}
