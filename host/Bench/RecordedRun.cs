using System;
using System.Collections.Generic;

namespace DualReader.Host.Bench;

/// <summary>
/// One bench run recorded for the interpreted bench: its hal tape, how to rebuild the reader (configuration, key,
/// identity, queue), how many <c>RunCycle</c> calls follow <c>Start</c>, and the tape positions of the markers that
/// cut the measured window into segments (one per phase of the transaction, or one for the idle cycles).
/// </summary>
public sealed class RecordedRun
{
    public string Name { get; init; } = string.Empty;

    public TapeRecorder Recorder { get; init; } = new();

    /// <summary>RunCycle calls after Start.</summary>
    public int Cycles { get; init; }

    /// <summary>The reader's pps_max (a BitRate value), or -1 for the default.</summary>
    public int PpsMaximum { get; init; } = -1;

    /// <summary>Configuration entries ("key=value") applied to the reader before it starts, as on the .NET run.</summary>
    public IReadOnlyList<string> Configuration { get; init; } = Array.Empty<string>();

    public byte[] PreSharedKey { get; init; } = new byte[16];

    public byte[] ReaderIdentity { get; init; } = new byte[4];

    public int QueueCapacity { get; init; }

    /// <summary>Tape positions of the markers, ascending; segment i lies between marker i and marker i + 1.</summary>
    public IReadOnlyList<int> Markers { get; init; } = new List<int>();

    /// <summary>Why this run cannot be replayed (null: it can).</summary>
    public string? Unusable { get; init; }
}
