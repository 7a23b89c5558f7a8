using System;
using System.Collections;
using DualReader.Firmware.HostLink;
using DualReader.Sim.Board;
using DualReader.Sim.Scenarios;

namespace DualReader.Tests.Fuzz
{
    /// <summary>
    /// One end-to-end leak check: runs a simulated board for its scenario's duration (trace switched on through the
    /// host link, "trace=on", as a user would, when asked), listens on both airs with <see cref="AirApduTap"/>,
    /// gathers the secrets the devices sent and searches the reader's raw UART byte stream for them.
    /// </summary>
    public sealed class UartLeakRun
    {
        private readonly ArrayList hits = new ArrayList();

        private UartLeakRun()
        {
        }

        /// <summary>The reader's UART bytes.</summary>
        public byte[] Stream { get; private set; }

        /// <summary>The search, with the secrets gathered (usable again on another stream).</summary>
        public UartLeakSearch Search { get; private set; }

        /// <summary>The APDUs heard on the airs.</summary>
        public AirApduTap Tap { get; private set; }

        /// <summary>Secret values found in the devices' responses.</summary>
        public int SecretValues { get; private set; }

        /// <summary>Where a secret window was found (text per hit).</summary>
        public ArrayList Hits
        {
            get { return hits; }
        }

        /// <summary>Frames of the stream that decoded to records.</summary>
        public int Records { get; private set; }

        /// <summary>apdu_trace and frame_trace records in the stream.</summary>
        public int TraceRecords { get; private set; }

        /// <summary>Transaction records in the stream.</summary>
        public int Transactions { get; private set; }

        /// <summary>Transaction records with outcome "ok" (a device was read).</summary>
        public int TransactionsOk { get; private set; }

        /// <summary>Configuration results in the stream that accepted the host's configuration.</summary>
        public int ConfigurationsAccepted { get; private set; }

        /// <summary>Runs <paramref name="board"/> (not started yet) and checks its UART stream.</summary>
        public static UartLeakRun Run(SimulatedReaderBoard board, bool traceOn)
        {
            UartLeakRun run = new UartLeakRun();
            run.Tap = new AirApduTap(board);
            board.Start();
            if (traceOn)
            {
                ConfigurationMessage message = new ConfigurationMessage();
                message.Add("trace", "on");
                board.Host.Send(message);
            }

            board.RunUntil(board.Scenario.DurationMicroseconds);
            run.Tap.Collect();
            run.Search = new UartLeakSearch();
            for (int index = 0; index < run.Tap.Responses.Count; index++)
            {
                run.SecretValues += run.Search.AddResponse((byte[])run.Tap.Responses[index]);
            }

            for (int index = 0; index < run.Tap.Commands.Count; index++)
            {
                run.Search.AddCommand((byte[])run.Tap.Commands[index]);
            }

            run.Search.Prepare();
            run.Stream = board.Uart.Transmitted();
            run.Search.Search(run.Stream, run.Stream.Length, run.hits);
            run.CountRecords();
            return run;
        }

        /// <summary>
        /// Responses heard on the airs that are not exactly one of the scenario devices' answers (an APDU rule's
        /// response or the default response): 0 shows the taps reassembled every APDU byte for byte.
        /// </summary>
        public int UnmatchedResponses(Scenario scenario)
        {
            int unmatched = 0;
            for (int index = 0; index < Tap.Responses.Count; index++)
            {
                byte[] heard = (byte[])Tap.Responses[index];
                bool matched = false;
                for (int d = 0; d < scenario.Devices.Count && !matched; d++)
                {
                    ScenarioDevice device = (ScenarioDevice)scenario.Devices[d];
                    matched = Same(heard, device.DefaultResponse);
                    for (int r = 0; r < device.Apdus.Count && !matched; r++)
                    {
                        matched = Same(heard, ((ApduRule)device.Apdus[r]).Response);
                    }
                }

                if (!matched)
                {
                    unmatched++;
                }
            }

            return unmatched;
        }

        /// <summary>A one-line summary for the test output.</summary>
        public string Describe()
        {
            return Stream.Length + " UART bytes (" + Search.BytesSearched + " searched raw + decoded, " + Search.FramesSearched + " frames, "
                + Records + " records, " + TraceRecords + " trace, " + Transactions + " transactions, " + TransactionsOk + " ok), "
                + Tap.Responses.Count + " responses heard, " + SecretValues + " secret values, " + Search.SecretCount + " distinct secrets, "
                + Search.WindowCount + " windows searched (" + Search.SkippedWindows + " skipped, " + Search.SkippedPublicWindows + " of them also non-secret data), " + hits.Count + " hits";
        }

        private static bool Same(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int index = 0; index < a.Length; index++)
            {
                if (a[index] != b[index])
                {
                    return false;
                }
            }

            return true;
        }

        private void CountRecords()
        {
            FrameDecoder decoder = new FrameDecoder();
            byte[] one = new byte[1];
            for (int index = 0; index < Stream.Length; index++)
            {
                one[0] = Stream[index];
                int consumed;
                if (decoder.Push(one, 0, 1, out consumed) != DecodeStatus.Frame)
                {
                    continue;
                }

                HostLinkMessage message = MessageDecoder.Decode(decoder);
                if (message == null)
                {
                    continue;
                }

                Records++;
                if (message.Type == MessageType.ApduTrace || message.Type == MessageType.FrameTrace)
                {
                    TraceRecords++;
                }
                else if (message.Type == MessageType.Transaction)
                {
                    Transactions++;
                    if (((TransactionRecord)message).Outcome == "ok")
                    {
                        TransactionsOk++;
                    }
                }
                else if (message.Type == MessageType.ConfigurationResult && ((ConfigurationResultRecord)message).Accepted)
                {
                    ConfigurationsAccepted++;
                }
            }
        }
    }
}
