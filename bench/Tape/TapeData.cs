// The tape of one bench scenario. This checked-in copy is a placeholder with an empty tape, so the bench program
// builds in nf.sln and in CI; `dualreader bench` generates this file per scenario (host/Bench/TapeSource.cs) from a
// recorded .NET run and builds it into an assembly of the same name.
namespace DualReader.Bench.Tape
{
    /// <summary>What the bench program replays (see bench/README.md).</summary>
    public static class TapeData
    {
        /// <summary>The scenario's name.</summary>
        public static readonly string Scenario = "empty";

        /// <summary>0: count instructions (markers for callgrind, no checksum); 1: sample the heap and check the
        /// UART bytes.</summary>
        public static readonly int Mode = 0;

        /// <summary>The reader's record queue capacity.</summary>
        public static readonly int QueueCapacity = 16;

        /// <summary>The reader's pps_max (a BitRate value), or -1 to keep the default.</summary>
        public static readonly int PpsMaximum = -1;

        /// <summary>Configuration entries ("key=value") applied before Start.</summary>
        public static readonly string[] Configuration = new string[0];

        /// <summary>RunCycle calls after Start.</summary>
        public static readonly int Cycles = 0;

        /// <summary>Tape positions that open and close the measured window.</summary>
        public static readonly int[] Markers = new int[0];

        public static readonly byte[] PreSharedKey = new byte[16];

        public static readonly byte[] ReaderIdentity = new byte[4];

        public static readonly byte[] Kinds = new byte[0];

        public static readonly byte[] Bytes = new byte[0];

        public static readonly long[] Clock = new long[0];

        public static readonly int[] Numbers = new int[0];
    }
}
