using System;
using DualReader.Bench.Replay;
using DualReader.Bench.Tape;
using DualReader.Firmware.HostLink;
using DualReader.Firmware.Iso14443;
using DualReader.Firmware.Reader;

namespace DualReader.Bench
{
    /// <summary>
    /// The interpreted bench (issue 11): replays one recorded scenario (<see cref="TapeData"/>) to the real
    /// <see cref="ReaderApplication"/> on nanoCLR. `dualreader bench` builds and runs it; its last line is
    /// "bench-result key=value ..." (bench/README.md).
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            try
            {
                Run();
            }
            catch (Exception exception)
            {
                Console.WriteLine("bench-failed " + exception.GetType().Name + ": " + exception.Message);
            }
        }

        /// <summary>The entries as the host's configuration message (the .NET run applies the same message).</summary>
        private static ConfigurationMessage ConfigurationOf(string[] entries)
        {
            ConfigurationMessage message = new ConfigurationMessage();
            for (int index = 0; index < entries.Length; index++)
            {
                int equals = entries[index].IndexOf('=');
                message.Add(entries[index].Substring(0, equals), entries[index].Substring(equals + 1));
            }

            return message;
        }

        private static void Run()
        {
            bool sampleHeap = TapeData.Mode == 1;
            HalTape tape = new HalTape(TapeData.Kinds, TapeData.Bytes, TapeData.Clock, TapeData.Numbers);
            ReplayBoard board = new ReplayBoard(tape);
            BenchMonitor monitor = new BenchMonitor(tape, TapeData.Markers, sampleHeap);
            tape.Monitor = monitor;
            tape.WatchFrom = monitor.FirstWatch;
            tape.ChecksumUart = sampleHeap;
            byte[] key = TapeData.PreSharedKey;
            byte[] identity = TapeData.ReaderIdentity;

            // Everything above is the harness (tape, replay hal, monitor); the firmware's heap starts here.
            uint baselineFree = sampleHeap ? nanoFramework.Runtime.Native.GC.Run(false) : 0;
            ReaderApplication reader = board.CreateReader(key, identity, TapeData.QueueCapacity);
            if (TapeData.PpsMaximum >= 0)
            {
                reader.Configuration.PpsMaximum = (BitRate)TapeData.PpsMaximum;
            }

            if (TapeData.Configuration.Length > 0)
            {
                reader.Configuration.Apply(ConfigurationOf(TapeData.Configuration), new ConfigurationResultRecord());
            }

            reader.Start();
            for (int cycle = 0; cycle < TapeData.Cycles; cycle++)
            {
                reader.RunCycle();
            }

            monitor.Finish(tape.Length);
            tape.Monitor = null;
            tape.WatchFrom = int.MaxValue;
            if (monitor.MarkersPassed != TapeData.Markers.Length)
            {
                throw new InvalidOperationException("the run passed " + monitor.MarkersPassed.ToString() + " of " + TapeData.Markers.Length.ToString() + " markers");
            }

            if (board.Mfrc522Irq.HasHandlers || board.Nrf24Irq.HasHandlers)
            {
                throw new InvalidOperationException("the firmware subscribed to an IRQ line's Changed event, which a replay cannot raise");
            }

            bool consumed = tape.Consumed;
            if (!sampleHeap)
            {
                // The replay hal's own cost for each segment's calls: the segment replayed without the firmware, then
                // the same loop without the calls, each in a callgrind part of its own.
                for (int segment = 0; segment + 1 < TapeData.Markers.Length; segment++)
                {
                    BenchMonitor.Mark();
                    board.ReplayWithoutFirmware(monitor.CursorsAt(segment), TapeData.Markers[segment + 1], true);
                    BenchMonitor.Mark();
                    board.ReplayWithoutFirmware(monitor.CursorsAt(segment), TapeData.Markers[segment + 1], false);
                }

                BenchMonitor.Mark();
            }

            long peak = sampleHeap && monitor.Samples > 0 ? (long)baselineFree - monitor.LowestFree : -1;
            long atStart = sampleHeap && monitor.Samples > 0 ? (long)baselineFree - monitor.StartFree : -1;
            Console.WriteLine("bench-result scenario=" + TapeData.Scenario + " entries=" + tape.Position.ToString() + "/" + tape.Length.ToString()
                + " consumed=" + (consumed ? "yes" : "no") + " uart_bytes=" + tape.UartBytes.ToString() + " uart_checksum=" + tape.UartChecksum.ToString()
                + " heap_peak=" + peak.ToString() + " heap_start=" + atStart.ToString() + " heap_samples=" + monitor.Samples.ToString());
        }
    }
}
