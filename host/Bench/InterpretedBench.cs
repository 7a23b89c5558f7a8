using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace DualReader.Host.Bench;

/// <summary>
/// The interpreted bench (issue 11): each recorded run (<see cref="RecordedRun"/>) replayed to the real reader
/// application on nanoCLR (bench/Program.cs), twice. Once under valgrind's callgrind with the settings of the nanoclr
/// folder's ir.sh (NANOCLR_NO_TIME_QUANTUM=1, the same runtime and load order) plus <c>--dump-before</c> on the bench's
/// marker function: ir.sh prints one total per run, the markers give one count per phase in a single run. The count
/// of a phase is every instruction the nanoCLR process executed between its markers (interpreter, native methods,
/// garbage collector) minus what the replay hal costs for the phase's calls: at the end of the run each phase's calls
/// are replayed again without the firmware, once calling the replay hal and once running the same loop without the
/// calls; the difference is the replay's cost (its methods and the calls into them). So the count is the firmware
/// alone; on a device the real hal's managed wrappers come on top (not measured here). Then once without valgrind, sampling the heap at every phase marker of
/// the window and checking that the firmware wrote the recorded UART bytes and consumed the tape exactly.
/// </summary>
public sealed class InterpretedBench
{
    /// <summary>ESP32 time per instruction (ns): a 240 MHz core at about 1.2 cycles per instruction. An estimate:
    /// the counts are of the x86-64 build of nanoCLR, not of the Xtensa one.</summary>
    public const double NanosecondsPerInstruction = 5.0;

    private const string ProgramProject = "bench/DualReader.Bench.nfproj";
    private const string TapeAssembly = "DualReader.Bench.Tape";
    private static readonly TimeSpan RunLimit = TimeSpan.FromMinutes(10);

    private readonly NanoClrToolchain toolchain;
    private readonly string work;
    private readonly TextWriter progress;
    private List<string>? program;

    private InterpretedBench(NanoClrToolchain toolchain, string work, TextWriter progress)
    {
        this.toolchain = toolchain;
        this.work = work;
        this.progress = progress;
    }

    /// <summary>
    /// Measures every run of <paramref name="runs"/> whose tape can be replayed; returns the status (measured or why
    /// not) and the figures by run name. Never throws for a missing toolchain: that is reported as not measured.
    /// </summary>
    public static InterpretedStatus Run(IReadOnlyList<RecordedRun> runs, string? nanoclrDirectory, TextWriter progress, Dictionary<string, InterpretedFigures> figures)
    {
        string? root = RepositoryRoot();
        string directory = nanoclrDirectory ?? Path.Combine(root ?? Directory.GetCurrentDirectory(), "..", "shared", "nanoclr");
        var status = new InterpretedStatus { NanoClrDirectory = Path.GetFullPath(directory), NanosecondsPerInstruction = NanosecondsPerInstruction };
        if (root == null)
        {
            status.Reason = $"the bench program ({ProgramProject}) was not found above {Directory.GetCurrentDirectory()}; run the bench inside a checkout";
            return status;
        }

        NanoClrToolchain? toolchain = NanoClrToolchain.Locate(directory, out string reason);
        if (toolchain == null)
        {
            status.Reason = reason;
            return status;
        }

        // DUALREADER_BENCH_KEEP=DIR keeps the builds, tapes and callgrind files there (to look into a run);
        // otherwise they go to a temporary folder that is removed. Its name has a fixed length: the .pe paths are
        // nanoCLR's arguments, and a path one character longer moves the counts by a few instructions.
        string? keep = Environment.GetEnvironmentVariable("DUALREADER_BENCH_KEEP");
        string work = string.IsNullOrEmpty(keep) ? Path.Combine(Path.GetTempPath(), "dualreader-bench-" + Environment.ProcessId.ToString("D10", CultureInfo.InvariantCulture)) : Path.GetFullPath(keep);
        try
        {
            var bench = new InterpretedBench(toolchain, work, progress);
            progress.WriteLine($"bench: interpreted: building the bench program with {toolchain.Directory}");
            bench.program = toolchain.BuildProject(Path.Combine(root, ProgramProject), Path.Combine(work, "program"));
            int index = 0;
            foreach (RecordedRun run in runs)
            {
                index++;
                if (run.Unusable != null)
                {
                    progress.WriteLine($"bench: interpreted: {run.Name} ({index}/{runs.Count}) not measured: {run.Unusable}");
                    continue;
                }

                progress.WriteLine($"bench: interpreted: {run.Name} ({index}/{runs.Count}): {run.Recorder.Position} hal calls, callgrind and heap runs");
                figures[run.Name] = bench.Measure(run);
            }

            status.Measured = true;
            return status;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or System.ComponentModel.Win32Exception or FormatException or KeyNotFoundException)
        {
            // A build, run or parse that failed: reported as not measured, with the reason, never as figures.
            status.Reason = "the interpreted bench failed: " + exception.Message;
            figures.Clear();
            return status;
        }
        finally
        {
            try
            {
                if (string.IsNullOrEmpty(keep))
                {
                    Directory.Delete(work, true);
                }
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    /// <summary>The checkout that holds the bench program: the current directory or one above it.</summary>
    public static string? RepositoryRoot()
    {
        for (DirectoryInfo? folder = new(Directory.GetCurrentDirectory()); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, ProgramProject)))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    private InterpretedFigures Measure(RecordedRun run)
    {
        if (run.Recorder.DataBytes > TapeSource.MaximumDataBytes)
        {
            throw new InvalidOperationException($"{run.Name}: the tape has {run.Recorder.DataBytes} bytes of data, more than the {TapeSource.MaximumDataBytes} one assembly can carry");
        }

        string folder = Path.Combine(work, run.Name);
        string countTape = toolchain.BuildSource(TapeSource.Generate(run, TapeSource.CountMode), TapeAssembly, Path.Combine(folder, "count"));
        string heapTape = toolchain.BuildSource(TapeSource.Generate(run, TapeSource.HeapMode), TapeAssembly, Path.Combine(folder, "heap"));

        // The heap run first: it also proves the replay (tape consumed, the recorded UART bytes written).
        ProcessResult heap = ProcessRunner.Run(toolchain.Runtime, toolchain.LoadList(WithTape(heapTape)), toolchain.RuntimeEnvironment(), RunLimit);
        Dictionary<string, string> heapResult = BenchResult(run.Name, "heap run", heap);
        if (heapResult["consumed"] != "yes")
        {
            throw new InvalidOperationException($"{run.Name}: the replay on nanoCLR stopped at entry {heapResult["entries"]}");
        }

        if (heapResult["uart_bytes"] != run.Recorder.UartBytes.ToString(CultureInfo.InvariantCulture) || heapResult["uart_checksum"] != run.Recorder.UartChecksum.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"{run.Name}: on nanoCLR the firmware wrote {heapResult["uart_bytes"]} UART bytes (checksum {heapResult["uart_checksum"]}), on .NET {run.Recorder.UartBytes} ({run.Recorder.UartChecksum})");
        }

        string output = Path.Combine(folder, "callgrind.out");
        var arguments = new List<string> { "--tool=callgrind", "--callgrind-out-file=" + output, "--dump-before=" + NanoClrToolchain.MarkerFunction, toolchain.Runtime };
        arguments.AddRange(toolchain.LoadList(WithTape(countTape)));
        ProcessResult count = ProcessRunner.Run(toolchain.Valgrind, arguments, toolchain.RuntimeEnvironment(), RunLimit);
        BenchResult(run.Name, "callgrind run", count);
        Dictionary<int, long> parts = CallgrindParts(folder);
        int markers = run.Markers.Count;
        int segments = markers - 1;
        // Dumps: one at each marker of the run, two per segment replayed without the firmware (with the hal calls,
        // then the same loop without them) and one after the last: 3 × markers - 1, so 3 × markers parts. Part 1 is
        // everything before the first marker, parts 2 .. markers the segments, part markers + 1 the rest of the run.
        if (parts.Count != 3 * markers)
        {
            throw new InvalidOperationException($"{run.Name}: callgrind wrote {parts.Count} parts, the bench expected {3 * markers} (is the marker function called elsewhere?)");
        }

        var firmware = new List<long>();
        var withHal = new List<long>();
        long harness = 0;
        for (int segment = 0; segment < segments; segment++)
        {
            long measured = parts[segment + 2];
            long replay = Math.Max(0, parts[markers + 2 + 2 * segment] - parts[markers + 3 + 2 * segment]);
            harness += replay;
            withHal.Add(measured);
            firmware.Add(measured - replay);
        }

        long peak = long.Parse(heapResult["heap_peak"], CultureInfo.InvariantCulture);
        long atStart = long.Parse(heapResult["heap_start"], CultureInfo.InvariantCulture);
        return new InterpretedFigures
        {
            SegmentInstructions = firmware,
            SegmentInstructionsWithReplay = withHal,
            HarnessInstructions = harness,
            StartupInstructions = parts[1],
            HeapPeakBytes = peak >= 0 ? peak : null,
            HeapAtStartBytes = atStart >= 0 ? atStart : null,
            HeapSamples = int.Parse(heapResult["heap_samples"], CultureInfo.InvariantCulture),
            TapeEntries = run.Recorder.Position,
            TapeDataBytes = run.Recorder.DataBytes,
        };
    }

    private IEnumerable<string> WithTape(string tape)
    {
        // The program's own build order is hal, firmware, tape, program: the scenario's tape takes the placeholder's place.
        return program!.Select(pe => Path.GetFileNameWithoutExtension(pe) == TapeAssembly ? tape : pe);
    }

    private static Dictionary<string, string> BenchResult(string name, string what, ProcessResult result)
    {
        string all = result.Output + result.Error;
        Match failed = Regex.Match(all, "^bench-failed (.*)$", RegexOptions.Multiline);
        if (failed.Success)
        {
            throw new InvalidOperationException($"{name}: {what}: {failed.Groups[1].Value.Trim()}");
        }

        Match line = Regex.Match(all, "^bench-result (.*)$", RegexOptions.Multiline);
        if (!line.Success)
        {
            string tail = string.Join(" | ", all.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("   ", StringComparison.Ordinal)).TakeLast(4));
            throw new InvalidOperationException($"{name}: {what} ended without a result ({(result.TimedOut ? "timed out" : "exit code " + result.ExitCode)}): {tail}");
        }

        var values = new Dictionary<string, string>();
        foreach (string pair in line.Groups[1].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=');
            values[pair[..equals]] = pair[(equals + 1)..];
        }

        return values;
    }

    /// <summary>Instructions per callgrind part (the "totals:" line of each dump file).</summary>
    internal static Dictionary<int, long> CallgrindParts(string folder)
    {
        var parts = new Dictionary<int, long>();
        foreach (string file in Directory.GetFiles(folder, "callgrind.out*"))
        {
            int part = -1;
            long totals = -1;
            foreach (string line in File.ReadLines(file))
            {
                if (line.StartsWith("part: ", StringComparison.Ordinal))
                {
                    part = int.Parse(line[6..], CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("totals: ", StringComparison.Ordinal))
                {
                    totals = long.Parse(line[8..].Trim(), CultureInfo.InvariantCulture);
                }
            }

            if (part < 0 || totals < 0)
            {
                throw new InvalidOperationException("an unreadable callgrind file: " + file);
            }

            parts[part] = totals;
        }

        return parts;
    }
}

/// <summary>Whether the interpreted bench ran, and where.</summary>
public sealed class InterpretedStatus
{
    public bool Measured { get; set; }

    /// <summary>Why not (empty when measured).</summary>
    public string Reason { get; set; } = string.Empty;

    public string NanoClrDirectory { get; set; } = string.Empty;

    public double NanosecondsPerInstruction { get; set; } = InterpretedBench.NanosecondsPerInstruction;
}

/// <summary>The interpreted figures of one recorded run.</summary>
public sealed class InterpretedFigures
{
    /// <summary>Firmware instructions per segment (per phase of the transaction; one segment for the idle cycles).</summary>
    public IReadOnlyList<long> SegmentInstructions { get; init; } = new List<long>();

    /// <summary>Instructions per segment as callgrind counted them, the replay hal included.</summary>
    public IReadOnlyList<long> SegmentInstructionsWithReplay { get; init; } = new List<long>();

    /// <summary>Firmware instructions of the whole window: callgrind's exact count less the replay hal's cost
    /// (measured separately, also exactly).</summary>
    public long Instructions => SegmentInstructions.Sum();

    /// <summary>What the replay hal cost for the window's calls (taken off <see cref="Instructions"/>).</summary>
    public long HarnessInstructions { get; init; }

    /// <summary>The window as counted, replay hal included.</summary>
    public long WithReplayInstructions => SegmentInstructionsWithReplay.Sum();

    /// <summary>Everything before the window: runtime start-up, the reader's Start and the cycles before.</summary>
    public long StartupInstructions { get; init; }

    /// <summary>Peak of the heap the firmware held at its hal calls in the window (bytes; null: not sampled).</summary>
    public long? HeapPeakBytes { get; init; }

    /// <summary>Heap the firmware held at the window's first hal call (bytes; null: not sampled): mostly its
    /// permanent buffers, so peak minus this is what the transaction itself needs.</summary>
    public long? HeapAtStartBytes { get; init; }

    public int HeapSamples { get; init; }

    public int TapeEntries { get; init; }

    public int TapeDataBytes { get; init; }

    public static double EstimatedMicroseconds(long instructions) => instructions * InterpretedBench.NanosecondsPerInstruction / 1000.0;
}
