using System.Diagnostics;
using DualReader.Bench.Replay;

namespace DualReader.Bench
{
    /// <summary>
    /// Watches the replayed firmware's hal calls. At each marker position it calls a native method that nothing else
    /// calls (<see cref="Debugger.IsAttached"/>): callgrind, run with <c>--dump-before</c> on it, starts a new part
    /// there, so one run gives the instructions between each pair of markers (the phases of a transaction). When sampling, it runs the garbage
    /// collector at every marker of the window and keeps the lowest free heap: the peak of what the firmware holds at a
    /// phase boundary (nanoCLR frees garbage on demand too, so the live set is what a device needs).
    /// </summary>
    public sealed class BenchMonitor : IReplayMonitor
    {
        private readonly int[] markers;
        private readonly bool sampleHeap;
        private readonly HalTape tape;
        private readonly int[][] markerCursors;
        private int next;

        public BenchMonitor(HalTape tape, int[] markers, bool sampleHeap)
        {
            this.tape = tape;
            this.markers = markers;
            this.sampleHeap = sampleHeap;
            LowestFree = uint.MaxValue;
            StartFree = uint.MaxValue;
            markerCursors = new int[markers.Length][];
            for (int index = 0; index < markers.Length; index++)
            {
                markerCursors[index] = new int[4];
            }
        }

        /// <summary>Tape cursors at marker <paramref name="index"/>, to replay a segment without the firmware.</summary>
        public int[] CursorsAt(int index)
        {
            return markerCursors[index];
        }

        /// <summary>Lowest free heap seen in the window (bytes).</summary>
        public uint LowestFree { get; private set; }

        /// <summary>Free heap at the first sample, the window's start (bytes; <see cref="uint.MaxValue"/>: none).</summary>
        public uint StartFree { get; private set; }

        /// <summary>Heap samples taken.</summary>
        public int Samples { get; private set; }

        /// <summary>Markers passed.</summary>
        public int MarkersPassed
        {
            get { return next; }
        }

        public void BeforeEntry(int position)
        {
            // Several markers may share a position (a phase in which the firmware made no hal call).
            bool marker = false;
            while (next < markers.Length && position == markers[next])
            {
                tape.Save(markerCursors[next]);
                Mark();
                next++;
                marker = true;
            }

            // At every marker of the window (each phase's start, and its end). Not before every hal call: a full
            // collection that often trips an assertion of the POSIX nanoCLR in some runs (HAL_AssertEx, exit 134).
            if (sampleHeap && marker)
            {
                Sample();
            }

            // Told again at the next marker.
            tape.WatchFrom = next < markers.Length ? markers[next] : int.MaxValue;
        }

        /// <summary>Where the tape first tells this monitor.</summary>
        public int FirstWatch
        {
            get { return markers.Length > 0 ? markers[0] : int.MaxValue; }
        }

        /// <summary>Passes the markers that lie at the end of the tape (after its last entry).</summary>
        public void Finish(int length)
        {
            while (next < markers.Length && markers[next] == length)
            {
                tape.Save(markerCursors[next]);
                if (sampleHeap)
                {
                    Sample();
                }

                Mark();
                next++;
            }
        }

        /// <summary>The callgrind part boundary.</summary>
        public static void Mark()
        {
            if (Debugger.IsAttached)
            {
                Debug.WriteLine("bench: a debugger is attached");
            }
        }

        private void Sample()
        {
            uint free = nanoFramework.Runtime.Native.GC.Run(false);
            if (Samples == 0)
            {
                StartFree = free;
            }

            Samples++;
            if (free < LowestFree)
            {
                LowestFree = free;
            }
        }
    }
}
